// Emotion Lens in a real VS Code, the same suite in every extension host (Node with the
// native runtime, Node with the universal package's WASM, the web worker host): results
// through the documented emotion/documentResults request, diagnostics and hovers through
// VS Code's own APIs, decorations and the status item as Chromium sees them (probes
// answered by the runner), the report as a webview tab.
const assert = require('assert');
const vscode = require('vscode');
const control = require('./control');

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
let ext;
async function open(uri) {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  return { doc, editor };
}
const results = (doc, pred = () => true) => waitFor(async () => {
  const r = await api.documentResults(doc.uri);
  return r && r.version === doc.version && pred(r) && r;
}, `results of ${doc.uri}`);
const diagnostics = (doc) => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'emotion-lens');

/** '#E5534B47' -> [229, 83, 75] */
const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
/** The emotion whose background (Default Dark Modern: the dark defaults) a CSS colour is, if any. */
function emotionOfColor(css) {
  const m = /rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (!m) return undefined;
  const colors = ext.packageJSON.contributes.colors;
  return EMOTIONS.find((e) => rgb(colors.find((c) => c.id === `emotionLens.${e}Background`).defaults.dark).every((v, i) => v === Number(m[i + 1])));
}
/** Emotions whose colour the editor paints on the line that holds `text`, as Chromium renders it. */
async function paintedOn(text) {
  const colors = await control.probe({ kind: 'lineBackgrounds', text });
  return colors.map(emotionOfColor).filter(Boolean);
}
/**
 * Waits until the line holding `text` is painted in exactly the `expected` emotions. Not
 * checked where no runner looks at the page (test:electron): the rest of the test still runs.
 */
async function expectPainted(text, expected) {
  if (!(await control.canProbe())) return;
  let last;
  await waitFor(async () => {
    last = await paintedOn(text);
    return JSON.stringify(last) === JSON.stringify(expected);
  }, `"${text}" painted as ${JSON.stringify(expected)}`, 15000).catch((e) => {
    throw new Error(`${e.message}; last seen ${JSON.stringify(last)}`);
  });
}

suiteSetup(async function () {
  this.timeout(120000);
  ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension installed');
  // opening the first Markdown document activates the extension: time it to the first diagnostics, model load included
  const t0 = Date.now();
  const { doc } = await open(file('notes.md'));
  // a hang guard only: the time is printed by the runner, not asserted
  await waitFor(() => diagnostics(doc).length > 0, 'the first diagnostics (none within 60 s)', 60000);
  const firstDiagnosticsMs = Date.now() - t0;
  api = ext.exports;
  await api.ready;
  // which host runs the extension, and whether its package carries a native library
  const native = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, 'node_modules', 'onnxruntime-node')).then(() => true, () => false);
  control.measured = { firstDiagnosticsMs, host: globalThis.process?.versions?.node ? 'node' : 'web', native };
  console.log(`first diagnostics ${firstDiagnosticsMs} ms after opening (${control.measured.host} host, ${native ? 'native' : 'WASM'} runtime)`);
});

suite('Emotion Lens', () => {
  test('smoke: Markdown sentences are labelled, coloured, and hovered', async () => {
    const { doc, editor } = await open(file('notes.md'));
    const r = await results(doc);
    const angry = r.sentences.find((s) => s.text.startsWith('I feel so angry'));
    assert.strictEqual(angry.label, 'anger');
    assert.strictEqual(angry.flagged, true);
    assert.strictEqual(angry.range.start.line, 2);
    const anger = diagnostics(doc).find((d) => d.code === 'anger');
    assert.strictEqual(anger.range.start.line, 2);
    assert.match(anger.message, /^anger \(\d+%\)$/);
    await expectPainted('I feel so angry', ['anger']);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 10));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Emotion Lens: anger/);
    for (const e of EMOTIONS) assert.match(text, new RegExp(`${e}\\s`));
    if ((await control.config()).screenshot && (await control.canProbe())) {
      // the runner hovers the joyful sentence and saves the window
      editor.selection = new vscode.Selection(2, 10, 2, 10);
      await control.probe({ kind: 'screenshot' }, 90000);
    }
  });

  test('the code block and neutral sentences are not coloured; joy is', async () => {
    const { doc } = await open(file('notes.md'));
    const r = await results(doc);
    assert.deepStrictEqual(diagnostics(doc).map((d) => d.code).sort(), ['anger', 'joy']);
    assert.deepStrictEqual(diagnostics(doc).find((d) => d.code === 'joy').range.start.line, 8);
    assert.strictEqual(r.sentences.find((s) => s.text.startsWith('The parser')).flagged, false);
    assert.ok(r.sentences.every((s) => s.range.start.line !== 5), 'nothing in the code block is a sentence');
    await expectPainted('I feel so happy', ['joy']);
    await expectPainted('The parser now', []);
  });

  test('the toggle command removes and restores the colours', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc);
    await vscode.commands.executeCommand('emotionLens.toggleDecorations');
    try {
      await expectPainted('I feel so angry', []);
      assert.strictEqual(diagnostics(doc).length, 2, 'diagnostics stay');
    } finally {
      await vscode.commands.executeCommand('emotionLens.toggleDecorations');
    }
    await expectPainted('I feel so angry', ['anger']);
  });

  test('a threshold change takes effect', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc, (r) => r.counts.anger === 1);
    const config = vscode.workspace.getConfiguration('emotionLens');
    await config.update('threshold', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => diagnostics(doc).length === 0, 'no diagnostics at threshold 1');
      const r = await results(doc);
      assert.ok(r.sentences.every((s) => !s.flagged));
      await expectPainted('I feel so angry', []);
    } finally {
      await config.update('threshold', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => diagnostics(doc).some((d) => d.code === 'anger'), 'anger back');
  });

  test('the status item shows the active document mix', async () => {
    const { doc } = await open(file('notes.md'));
    await results(doc);
    if (!(await control.canProbe())) return;
    const texts = await waitFor(async () => {
      const items = await control.probe({ kind: 'statusBar' });
      return items.some((t) => t.includes('😠 1')) && items;
    }, 'the status item');
    assert.ok(texts.some((t) => t.includes('😠 1') && t.includes('😊 1')), texts.join(' | '));
  });

  test('commit messages: the git-commit editor skips comment lines', async () => {
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file('COMMIT_EDITMSG')), 'git-commit');
    await vscode.window.showTextDocument(doc);
    const r = await results(doc);
    assert.ok(r.sentences.length >= 2);
    assert.ok(r.sentences.every((s) => !s.text.includes('Please enter')));
    assert.strictEqual(r.sentences.find((s) => s.text.startsWith('I am so angry')).label, 'anger');
    assert.deepStrictEqual(diagnostics(doc).map((d) => d.code), ['anger']);
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

  /** The results of a workspace code file with `emotionLens.comments` on: done, or skipped (a grammar that did not load says why). */
  async function commentResults(name) {
    const config = vscode.workspace.getConfiguration('emotionLens');
    await config.update('comments', true, vscode.ConfigurationTarget.Global);
    try {
      const { doc } = await open(file(name));
      return await results(doc, (x) => x.sentences.length > 0 || x.skipped);
    } finally {
      await config.update('comments', undefined, vscode.ConfigurationTarget.Global);
    }
  }

  test('code comments: a Python comment is read (its grammar loads in every host), the string is code', async () => {
    const r = await commentResults('build.py');
    assert.strictEqual(r.skipped, undefined);
    assert.deepStrictEqual(r.sentences.map((s) => s.text), ['I am so angry that this build keeps failing every night.']);
    assert.strictEqual(r.sentences[0].label, 'anger');
    assert.strictEqual(r.sentences[0].range.start.line, 0);
  });

  test('Rust doc comments and AsciiDoc: every grammar and the AsciiDoc parser ship in the package', async () => {
    const r = await commentResults('report.rs');
    assert.strictEqual(r.skipped, undefined);
    assert.deepStrictEqual(r.sentences.map((s) => s.text), ['Sends the nightly report.', 'I am so angry that this job keeps failing every night.']);
    assert.strictEqual(r.sentences[1].label, 'anger');
    // VS Code has no AsciiDoc language of its own: the extension registers a bare one for .adoc files
    const { doc: adoc } = await open(file('notes.adoc'));
    assert.strictEqual(adoc.languageId, 'asciidoc');
    const a = await results(adoc, (x) => x.sentences.length > 0 || x.skipped);
    assert.strictEqual(a.skipped, undefined);
    assert.deepStrictEqual(a.sentences.map((s) => s.text), ['Release notes', 'I am so angry that this build keeps failing every night.']);
    assert.strictEqual(a.sentences[1].label, 'anger');
  });

  test('the tone report opens for the active document', async () => {
    await open(file('notes.md'));
    await vscode.commands.executeCommand('emotionLens.showReport');
    // the panel is titled after the document once it is shown
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('emotionLens.report') && t.label === 'Tone: notes.md'), 'the report tab');
    assert.ok(tab.group.viewColumn !== vscode.ViewColumn.One, 'beside the document');
  });
});
