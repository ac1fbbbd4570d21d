// Emotion Lens in a real VS Code: results, hovers, decorations, toggle, settings,
// status item, commit messages, untitled documents and the report.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'emotion-lens.emotion-lens';
const EMOTIONS = ['sadness', 'joy', 'love', 'anger', 'fear', 'surprise'];
const folder = () => vscode.workspace.workspaceFolders[0].uri;
const file = (name) => vscode.Uri.joinPath(folder(), name);

async function waitFor(fn, what, timeoutMs = 30000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let api;
async function open(uri) {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor };
}
const results = (doc, pred = () => true) => waitFor(() => {
  const r = api.results(doc.uri);
  return r && r.version === doc.version && pred(r) && r;
}, `results of ${doc.uri}`);

suiteSetup(async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension installed');
  api = await ext.activate();
  await api.ready;
});

suite('Emotion Lens', () => {
  test('smoke: Markdown sentences are labelled, coloured, and hovered', async () => {
    const { doc } = await open(file('notes.md'));
    const r = await results(doc);
    const angry = r.sentences.find((s) => s.text.startsWith('I feel so angry'));
    assert.strictEqual(angry.label, 'anger');
    assert.strictEqual(angry.flagged, true);
    assert.strictEqual(angry.range.start.line, 2);
    const applied = await waitFor(() => api.decorations().applied(doc.uri), 'decorations');
    assert.strictEqual(applied.anger.length, 1);
    assert.strictEqual(applied.anger[0].start.line, 2);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Emotion Lens: anger/);
    for (const e of EMOTIONS) assert.match(text, new RegExp(`${e}\\s`));
    if (process.env.EMOTION_LENS_SCREENSHOT_READY) {
      // the runner takes a screenshot of this editor with an open hover, then says done
      const editor = vscode.window.activeTextEditor;
      editor.selection = new vscode.Selection(2, 10, 2, 10);
      fs.writeFileSync(process.env.EMOTION_LENS_SCREENSHOT_READY, 'ready');
      await waitFor(() => fs.existsSync(process.env.EMOTION_LENS_SCREENSHOT_READY + '.done'), 'screenshot', 90000);
    }
  });

  test('the code block and neutral sentences are not decorated; joy is', async () => {
    const { doc } = await open(file('notes.md'));
    const r = await results(doc);
    const applied = api.decorations().applied(doc.uri);
    const decoratedLines = Object.values(applied).flat().map((range) => range.start.line);
    assert.ok(!decoratedLines.includes(5), 'code block line 6 not decorated');
    assert.strictEqual(applied.joy.length, 1);
    assert.strictEqual(applied.joy[0].start.line, 8);
    assert.strictEqual(r.sentences.find((s) => s.text.startsWith('The parser')).flagged, false);
    const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'emotion-lens');
    assert.deepStrictEqual(diagnostics.map((d) => d.code).sort(), ['anger', 'joy']);
  });

  test('the toggle command removes and restores decorations, and its state persists', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc);
    await vscode.commands.executeCommand('emotionLens.toggleDecorations');
    assert.strictEqual(api.decorations().enabled, false);
    assert.strictEqual(Object.values(api.decorations().applied(doc.uri)).flat().length, 0);
    await vscode.commands.executeCommand('emotionLens.toggleDecorations');
    assert.strictEqual(api.decorations().enabled, true);
    assert.strictEqual(api.decorations().applied(doc.uri).anger.length, 1);
  });

  test('a threshold change takes effect', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc, (r) => r.counts.anger === 1);
    const config = vscode.workspace.getConfiguration('emotionLens');
    await config.update('threshold', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => {
        const r = api.results(doc.uri);
        return r && r.sentences.every((s) => !s.flagged);
      }, 'nothing flagged at threshold 1');
      await waitFor(() => Object.values(api.decorations().applied(doc.uri)).flat().length === 0, 'decorations cleared');
    } finally {
      await config.update('threshold', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => api.results(doc.uri).counts.anger === 1, 'anger back');
  });

  test('the status item shows the active document mix', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc);
    const text = await waitFor(() => /😠 1/.test(api.statusText() || '') && api.statusText(), 'status text');
    assert.match(text, /😊 1/);
  });

  test('commit messages: the git-commit editor skips comment lines', async () => {
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file('COMMIT_EDITMSG')), 'git-commit');
    await vscode.window.showTextDocument(doc);
    const r = await results(doc);
    assert.ok(r.sentences.length >= 2);
    assert.ok(r.sentences.every((s) => !s.text.includes('Please enter')));
    assert.strictEqual(r.sentences.find((s) => s.text.startsWith('I am so angry')).label, 'anger');
  });

  test('plaintext files and untitled documents', async () => {
    const { doc } = await open(file('plain.txt'));
    const r = await results(doc);
    assert.strictEqual(r.sentences.find((s) => s.text.startsWith('I am terrified')).label, 'fear');
    const untitled = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'What a wonderful surprise party, I was so happy!' });
    await vscode.window.showTextDocument(untitled);
    const u = await results(untitled);
    assert.strictEqual(u.sentences.length, 1);
  });

  test('the tone report opens for the active document', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc);
    await vscode.commands.executeCommand('emotionLens.showReport');
    assert.strictEqual(api.reportUri(), doc.uri.toString());
  });
});
