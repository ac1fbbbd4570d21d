// A minimal LSP client over stdio for the server tests: spawns the built server,
// answers workspace/configuration from `settings`, and records notifications (summaries
// folded as a client keeps them: appendSummary; `rawSummaries` as they came).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const { appendSummary } = require('../../dist/core.js');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function startServer({ settings = {}, env = {} } = {}) {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], {
    env: { ...process.env, EMOTION_LENS_TEST: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const state = {
    settings: { ...settings },
    diagnostics: new Map(), // uri -> last publishDiagnostics params
    allDiagnostics: [],
    summaries: [],
    rawSummaries: [],
    messages: [],
    modelStatus: [],
    logs: [],
  };
  conn.onRequest('workspace/configuration', (params) => params.items.map(() => state.settings));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    state.diagnostics.set(p.uri, p);
    state.allDiagnostics.push(p);
  });
  const lastSummary = new Map();
  conn.onNotification('emotion/documentSummary', (p) => {
    state.rawSummaries.push(p);
    const folded = appendSummary(lastSummary.get(p.uri), p);
    lastSummary.set(p.uri, folded);
    state.summaries.push(folded);
  });
  conn.onNotification('emotion/modelStatus', (p) => state.modelStatus.push(p));
  conn.onNotification('window/showMessage', (p) => state.messages.push(p));
  conn.onNotification('window/logMessage', (p) => state.logs.push(p));
  conn.onRequest('window/showMessageRequest', (p) => {
    state.messages.push(p);
    return null;
  });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  conn.sendNotification('initialized', {});
  const versions = new Map();
  const api = {
    conn,
    child,
    state,
    get stderr() {
      return stderr;
    },
    open(uri, text, languageId = 'plaintext') {
      versions.set(uri, 1);
      conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return 1;
    },
    /** Full or ranged (incremental) change; returns the new version. */
    change(uri, changes) {
      const version = versions.get(uri) + 1;
      versions.set(uri, version);
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: Array.isArray(changes) ? changes : [{ text: changes }] });
      return version;
    },
    close(uri) {
      conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    hover(uri, line, character) {
      return conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    },
    setSettings(patch) {
      Object.assign(state.settings, patch);
      conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    },
    /** Resolves with the first summary for `uri` at `version` or later that passes `pred`. */
    async summary(uri, version, pred = () => true, timeoutMs = 20000) {
      return waitFor(() => state.summaries.find((s) => s.uri === uri && s.version >= version && pred(s)), timeoutMs, `summary of ${uri} v${version}`);
    },
    async diagnosticsFor(uri, version, timeoutMs = 20000) {
      return waitFor(() => state.allDiagnostics.find((d) => d.uri === uri && d.version === version), timeoutMs, `diagnostics of ${uri} v${version}`);
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        conn.sendNotification('exit');
      } catch {}
      setTimeout(() => child.kill(), 500).unref();
      conn.dispose();
    },
  };
  return api;
}

export async function waitFor(fn, timeoutMs = 20000, what = 'condition') {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
