// Quick fixes and .emotion-lens.json over a real stdio LSP connection to the built server, with
// the real model: the code actions of a diagnostic, executed by the server, and the diagnostic gone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, waitFor } from './lspClient.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

const ANGRY = 'I am so angry and furious that this broke again.';
const NEUTRAL = 'Bump lodash to 4.17.21.';

let dir;
let server;
const state = { diagnostics: [], messages: [], registrations: [], settings: {}, stderr: '', logs: [] };

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'el-quickfix-')));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, EMOTION_LENS_TEST: '1' } });
  child.stderr.on('data', (d) => (state.stderr += d));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => state.settings));
  conn.onRequest('client/registerCapability', (p) => {
    state.registrations.push(...p.registrations);
    return null;
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('textDocument/publishDiagnostics', (p) => state.diagnostics.push(p));
  conn.onNotification('window/showMessage', (p) => state.messages.push(p));
  conn.onRequest('window/showMessageRequest', (p) => {
    state.messages.push(p);
    return null;
  });
  conn.onNotification('window/logMessage', (p) => state.logs.push(p.message));
  conn.onNotification('emotion/documentSummary', () => {});
  conn.onNotification('emotion/modelStatus', () => {});
  conn.listen();
  const init = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
    },
  });
  assert.deepEqual(init.capabilities.executeCommandProvider.commands, ['emotionLens.ignoreSentence', 'emotionLens.ignoreLabel']);
  assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix']);
  conn.sendNotification('initialized', {});
  server = { conn, child };
});

after(async () => {
  try {
    await Promise.race([server.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    server.conn.sendNotification('exit');
  } catch {}
  setTimeout(() => server.child.kill(), 500).unref();
  server.conn.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const versions = new Map();
function open(file, text, languageId) {
  const uri = pathToFileURL(path.join(dir, file)).href;
  fs.writeFileSync(path.join(dir, file), text);
  versions.set(uri, 1);
  server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return uri;
}
function change(uri, text) {
  const version = versions.get(uri) + 1;
  versions.set(uri, version);
  server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return version;
}
/** The next diagnostics of `uri` after `seen` that pass `pred`. */
async function nextDiagnostics(uri, seen, pred = () => true) {
  return waitFor(() => state.diagnostics.slice(seen).find((d) => d.uri === uri && pred(d.diagnostics)), 20000, `diagnostics of ${uri}`);
}
const configFile = () => path.join(dir, '.emotion-lens.json');
const watched = (type) => server.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configFile()).href, type }] });

/** Applies LSP text edits to a text (from the end backwards, so earlier offsets hold). */
function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const at = (p) => (p.line < starts.length ? starts[p.line] : text.length) + p.character;
  return [...edits].sort((a, b) => at(b.range.start) - at(a.range.start)).reduce((t, e) => t.slice(0, at(e.range.start)) + e.newText + t.slice(at(e.range.end)), text);
}

test('the server watches .emotion-lens.json files', async () => {
  const reg = await waitFor(() => state.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 10000, 'a watcher');
  assert.deepEqual(reg.registerOptions.watchers.map((w) => w.globPattern), ['**/.emotion-lens.json']);
});

test('every diagnostic has the three quick fixes; "Ignore this sentence" creates the config and the diagnostic goes; a change on disk is noticed', async () => {
  const uri = open('notes.md', `# Notes\n\n${ANGRY}\n\n${NEUTRAL}\n`, 'markdown');
  const d = await nextDiagnostics(uri, 0, (x) => x.length === 1);
  const [diag] = d.diagnostics;
  assert.equal(diag.code, 'anger');
  const actions = await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
  assert.deepEqual(actions.map((a) => a.title), ['Ignore this sentence (Emotion Lens)', 'Stop flagging anger in this workspace', 'Disable Emotion Lens for this paragraph']);
  for (const a of actions) {
    assert.equal(a.kind, 'quickfix');
    assert.deepEqual(a.diagnostics, [diag]);
  }
  assert.ok(!fs.existsSync(configFile()));
  let seen = state.diagnostics.length;
  await server.conn.sendRequest('workspace/executeCommand', actions[0].command);
  await nextDiagnostics(uri, seen, (x) => x.length === 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(configFile(), 'utf8')), { ignoreSentences: [ANGRY] });
  // removed on disk, reported by the client's watcher: flagged again
  seen = state.diagnostics.length;
  fs.rmSync(configFile());
  watched(3);
  await nextDiagnostics(uri, seen, (x) => x.length === 1);
  // "Stop flagging anger": the label list without anger
  seen = state.diagnostics.length;
  await server.conn.sendRequest('workspace/executeCommand', actions[1].command);
  await nextDiagnostics(uri, seen, (x) => x.length === 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(configFile(), 'utf8')), { labels: ['sadness', 'joy', 'love', 'fear', 'surprise'] });
  // edited on disk with no notification at all (a client without a watcher): seen at the next analysis
  fs.writeFileSync(configFile(), JSON.stringify({ labels: ['anger'], ignoreSentences: [] }, null, 2));
  seen = state.diagnostics.length;
  change(uri, `# Notes\n\n${ANGRY}\n\n${NEUTRAL}\n\n`);
  await nextDiagnostics(uri, seen, (x) => x.length === 1);
  // bad arguments are refused without touching the file
  const beforeText = fs.readFileSync(configFile(), 'utf8');
  await server.conn.sendRequest('workspace/executeCommand', { command: 'emotionLens.ignoreLabel', arguments: [{ uri, label: 'grumpy' }] });
  assert.equal(fs.readFileSync(configFile(), 'utf8'), beforeText);
  fs.rmSync(configFile());
  watched(3);
});

test('"Disable Emotion Lens for this paragraph": a versioned edit with directives around the paragraph; applied, the diagnostic goes', async () => {
  const text = `# Notes\n\n${NEUTRAL}\n${ANGRY}\n\n${ANGRY}\n`;
  const uri = open('para.md', text, 'markdown');
  const d = await nextDiagnostics(uri, 0, (x) => x.length === 2);
  const diag = d.diagnostics.find((x) => x.range.start.line === 3);
  const actions = await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
  const para = actions.find((a) => a.title === 'Disable Emotion Lens for this paragraph');
  const [change0] = para.edit.documentChanges;
  assert.deepEqual(change0.textDocument, { uri, version: versions.get(uri) });
  const edited = applyEdits(text, change0.edits);
  assert.equal(edited, `# Notes\n\n<!-- emotion-lens-disable -->\n${NEUTRAL}\n${ANGRY}\n<!-- emotion-lens-enable -->\n\n${ANGRY}\n`);
  const seen = state.diagnostics.length;
  change(uri, edited);
  const after = await nextDiagnostics(uri, seen);
  assert.deepEqual(after.diagnostics.map((x) => x.range.start.line), [7], 'only the other paragraph is flagged');
});

test('in code comments the paragraph fix uses the language\'s comments', async () => {
  state.settings = { comments: true };
  server.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const text = `const a = 1;\n  // ${ANGRY}\n  // ${NEUTRAL}\nconst b = 2;\n`;
  const uri = open('code.ts', text, 'typescript');
  const d = await nextDiagnostics(uri, 0, (x) => x.length === 1);
  const actions = await server.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.diagnostics[0].range, context: { diagnostics: d.diagnostics } });
  const edited = applyEdits(text, actions.find((a) => a.edit).edit.documentChanges[0].edits);
  assert.equal(edited, `const a = 1;\n  // emotion-lens-disable\n  // ${ANGRY}\n  // ${NEUTRAL}\n  // emotion-lens-enable\nconst b = 2;\n`);
  const seen = state.diagnostics.length;
  change(uri, edited);
  await nextDiagnostics(uri, seen, (x) => x.length === 0);
  state.settings = {};
});

test('a broken .emotion-lens.json: one warning, no crash, analysis goes on without it; `ignore` silences a file', async () => {
  const uri = open('broken.md', `${ANGRY}\n`, 'markdown');
  await nextDiagnostics(uri, 0, (x) => x.length === 1);
  const before = state.messages.length;
  fs.writeFileSync(configFile(), '{"ignore": ["broken.md"],}');
  let seen = state.diagnostics.length;
  watched(1);
  await nextDiagnostics(uri, seen, (x) => x.length === 1).catch((e) => {
    throw new Error(`${e.message}\n${state.stderr}\n${state.logs.join('\n')}\n${JSON.stringify(state.messages)}`);
  });
  change(uri, `${ANGRY}\n\n`);
  await new Promise((r) => setTimeout(r, 300));
  const warnings = state.messages.slice(before).filter((m) => /\.emotion-lens\.json: not valid JSON at line 1, column 26/.test(m.message));
  assert.equal(warnings.length, 1, JSON.stringify(state.messages.slice(before)));
  seen = state.diagnostics.length;
  fs.writeFileSync(configFile(), '{"ignore": ["broken.md"]}');
  watched(2);
  await nextDiagnostics(uri, seen, (x) => x.length === 0);
  const stats = await server.conn.sendRequest('emotion/test/stats');
  assert.ok(stats.cacheSize > 0, 'the server is alive');
});
