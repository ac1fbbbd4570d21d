// The built server over a real stdio LSP connection with the real bundled model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, waitFor } from './lspClient.mjs';

const ANGRY = 'I feel so angry and furious at this broken build.';
const JOYFUL = 'I feel so happy and delighted with the new release.';
const NEUTRAL = 'Bump lodash to 4.17.21.';
const EMOTIONS = ['sadness', 'joy', 'love', 'anger', 'fear', 'surprise'];

let s;
before(async () => {
  s = await startServer();
});
after(async () => s.stop());

test('Markdown: one diagnostic for the paragraph, none for the same sentence in a code fence', async () => {
  const uri = 'file:///fence.md';
  const v = s.open(uri, `# Notes\n\n${ANGRY}\n\n\`\`\`\n${ANGRY}\n\`\`\`\n\n${NEUTRAL}\n`, 'markdown');
  const d = await s.diagnosticsFor(uri, v);
  assert.equal(d.diagnostics.length, 1);
  const [diag] = d.diagnostics;
  assert.equal(diag.source, 'emotion-lens');
  assert.equal(diag.code, 'anger');
  assert.match(diag.message, /^anger \(\d+%\)$/);
  assert.equal(diag.severity, 3); // Information
  assert.deepEqual(diag.range, { start: { line: 2, character: 0 }, end: { line: 2, character: ANGRY.length } });
  assert.deepEqual(Object.keys(diag.data.scores).sort(), [...EMOTIONS].sort());
  assert.ok(Math.abs(Object.values(diag.data.scores).reduce((a, b) => a + b, 0) + diag.data.neutral - 1) < 1e-3);
  const sum = await s.summary(uri, v);
  assert.equal(sum.sentences.length, 3); // heading, angry paragraph, neutral line
  assert.equal(sum.counts.anger, 1);
  assert.equal(sum.counts.neutral, 2);
  assert.ok(sum.sentences.every((x) => EMOTIONS.includes(x.label) && typeof x.flagged === 'boolean'));
});

test('hover: label, all six probabilities, and the words that drive it; neutral sentences too', async () => {
  const uri = 'file:///hover.txt';
  const v = s.open(uri, `${ANGRY} ${NEUTRAL}`);
  await s.summary(uri, v);
  const h = await s.hover(uri, 0, 5);
  assert.match(h.contents.value, /Emotion Lens: anger/);
  for (const e of EMOTIONS) assert.match(h.contents.value, new RegExp(`${e}\\s+[█▏▎▍▌▋▊▉ ]+\\s+\\d+%`));
  assert.match(h.contents.value, /Words driving \*anger\*: \*\*(angry|furious)\*\*/);
  assert.deepEqual(h.range.start, { line: 0, character: 0 });
  const n = await s.hover(uri, 0, ANGRY.length + 3);
  assert.match(n.contents.value, /Emotion Lens: neutral/);
});

test('an edit re-classifies only the changed sentence', async () => {
  const uri = 'file:///incremental.txt';
  const lines = Array.from({ length: 30 }, (_, i) => `Line number ${i} talks about item ${i * 7}.`);
  const v1 = s.open(uri, lines.join('\n'));
  await s.summary(uri, v1);
  const before = await s.conn.sendRequest('emotion/test/stats');
  const v2 = s.change(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, text: 'Row' }]);
  const sum = await s.summary(uri, v2);
  const afterStats = await s.conn.sendRequest('emotion/test/stats');
  assert.equal(afterStats.cacheSize - before.cacheSize, 1);
  assert.equal(sum.sentences[3].text, 'Row number 3 talks about item 21.');
});

test('settings: threshold, labels, severity and enable take effect', async () => {
  const uri = 'file:///settings.txt';
  let v = s.open(uri, `${ANGRY}\n\n${JOYFUL}`);
  let d = await s.diagnosticsFor(uri, v);
  assert.deepEqual(d.diagnostics.map((x) => x.code).sort(), ['anger', 'joy']);
  const seen = s.state.allDiagnostics.length;
  s.setSettings({ labels: ['joy'], severity: 'warning' });
  d = await waitFor(() => s.state.allDiagnostics.slice(seen).find((x) => x.uri === uri));
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.severity]), [['joy', 2]]);
  const seen2 = s.state.allDiagnostics.length;
  s.setSettings({ labels: EMOTIONS, threshold: 1 });
  d = await waitFor(() => s.state.allDiagnostics.slice(seen2).find((x) => x.uri === uri));
  assert.equal(d.diagnostics.length, 0);
  const seen3 = s.state.allDiagnostics.length;
  s.setSettings({ threshold: null, severity: 'information', enable: false });
  d = await waitFor(() => s.state.allDiagnostics.slice(seen3).find((x) => x.uri === uri));
  assert.equal(d.diagnostics.length, 0);
  s.setSettings({ enable: true });
  v = s.change(uri, `${ANGRY}\n\n${JOYFUL}\n`);
  d = await s.diagnosticsFor(uri, v);
  assert.equal(d.diagnostics.length, 2);
});

test('bad input: empty, NUL, emoji, CJK, RTL, CRLF, lone surrogates, a 50,000-character sentence', async () => {
  const cases = {
    empty: '',
    nul: `before\u0000after. ${ANGRY}\u0000`,
    emoji: `😡😡 ${ANGRY} 🎉`,
    cjk: `今天很高兴。${ANGRY}`,
    rtl: `مرحبا بالعالم. שלום עולם. ${ANGRY}`,
    crlf: `First line.\r\n\r\n${ANGRY}\r\nLast.`,
    surrogates: `Broken \ud800 pair. ${ANGRY} \udc00`,
    huge: 'word '.repeat(10000) + 'end.',
  };
  for (const [name, text] of Object.entries(cases)) {
    const uri = `file:///bad-${name}.txt`;
    const v = s.open(uri, text);
    const sum = await s.summary(uri, v);
    const lineCount = text.split(/\r\n|\r|\n/).length;
    for (const x of sum.sentences) {
      assert.ok(x.range.start.line < lineCount && x.range.end.line < lineCount, name);
      assert.ok(EMOTIONS.includes(x.label), name);
    }
    if (name !== 'empty' && name !== 'huge') assert.ok(sum.sentences.some((x) => x.flagged && x.label === 'anger'), name);
    if (name === 'empty') assert.equal(sum.sentences.length, 0);
    if (name === 'huge') assert.equal(sum.sentences.length, 1);
    if (name === 'crlf') {
      const angry = sum.sentences.find((x) => x.label === 'anger');
      assert.deepEqual(angry.range, { start: { line: 2, character: 0 }, end: { line: 2, character: ANGRY.length } });
    }
  }
});

test('a 5 MB document: one clear message, no analysis', async () => {
  const uri = 'file:///huge.txt';
  const before = s.state.messages.length;
  const v = s.open(uri, (ANGRY + ' ').repeat(Math.ceil(5_000_000 / (ANGRY.length + 1))));
  const sum = await s.summary(uri, v);
  assert.match(sum.skipped, /maxDocumentSize/);
  assert.equal(sum.sentences.length, 0);
  const d = s.state.diagnostics.get(uri);
  assert.equal(d.diagnostics.length, 0);
  const v2 = s.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }]);
  await s.summary(uri, v2);
  const warnings = s.state.messages.slice(before).filter((m) => /maxDocumentSize/.test(m.message));
  assert.equal(warnings.length, 1);
  s.close(uri);
});

test('1,000 rapid edits: final diagnostics match the final text, never an old version after a newer one', async () => {
  const uri = 'file:///rapid.txt';
  let v = s.open(uri, '');
  const start = s.state.allDiagnostics.length;
  let text = '';
  const words = `${ANGRY} ${NEUTRAL} ${JOYFUL} `;
  for (let i = 0; i < 1000; i++) {
    const ch = words[i % words.length];
    const lines = text.split('\n');
    const pos = { line: lines.length - 1, character: lines[lines.length - 1].length };
    v = s.change(uri, [{ range: { start: pos, end: pos }, text: ch }]);
    text += ch;
  }
  const final = await s.diagnosticsFor(uri, v, 30000);
  const mine = s.state.allDiagnostics.slice(start).filter((d) => d.uri === uri);
  for (let i = 1; i < mine.length; i++) assert.ok(mine[i].version >= mine[i - 1].version, 'versions never go back');
  assert.equal(mine[mine.length - 1].version, v);
  // the same text opened fresh gives the same diagnostics
  const ref = 'file:///rapid-reference.txt';
  const rv = s.open(ref, text);
  const r = await s.diagnosticsFor(ref, rv);
  assert.deepEqual(final.diagnostics.map((d) => [d.code, d.range]), r.diagnostics.map((d) => [d.code, d.range]));
  assert.ok(final.diagnostics.length >= 1);
});

test('closing a document mid-analysis clears its diagnostics without an error', async () => {
  const uri = 'file:///closing.txt';
  const text = Array.from({ length: 600 }, (_, i) => `Sentence ${i} is ${i % 2 ? 'so angry and furious' : 'plain'}.`).join(' ');
  s.open(uri, text);
  await new Promise((r) => setTimeout(r, 30));
  s.close(uri);
  await waitFor(() => s.state.diagnostics.get(uri));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(s.state.diagnostics.get(uri).diagnostics.length, 0);
  assert.ok(!s.state.summaries.some((x) => x.uri === uri && x.sentences.length));
  assert.doesNotMatch(s.stderr, /Error|Unhandled/);
  const stats = await s.conn.sendRequest('emotion/test/stats');
  assert.ok(stats.cacheSize > 0);
});

test('hovers are answered while a large document is analysed', async () => {
  const uri = 'file:///large.txt';
  const text = Array.from({ length: 1500 }, (_, i) => `Item ${i} was ${['fine', 'great', 'awful', 'scary'][i % 4]} on day ${i}.`).join('\n');
  const small = 'file:///small.txt';
  const sv = s.open(small, ANGRY);
  await s.summary(small, sv);
  const v = s.open(uri, text);
  const h = await s.hover(small, 0, 3);
  assert.match(h.contents.value, /anger/);
  assert.ok(!s.state.summaries.some((x) => x.uri === uri && x.version === v), 'the hover came back before the large analysis finished');
  await s.summary(uri, v, () => true, 60000);
});

test('the model worker dying is recovered: restarted, analysis resumes', async () => {
  const uri = 'file:///crash.txt';
  const v = s.open(uri, NEUTRAL);
  await s.summary(uri, v);
  await s.conn.sendRequest('emotion/test/crashWorker');
  const v2 = s.change(uri, `${NEUTRAL} ${ANGRY}`);
  const d = await s.diagnosticsFor(uri, v2, 30000);
  assert.equal(d.diagnostics[0]?.code, 'anger');
  const stats = await s.conn.sendRequest('emotion/test/stats');
  assert.ok(stats.workerRestarts >= 1);
});

test('model folder missing or corrupt: said once, nothing published, recovers when fixed', async () => {
  const m = await startServer({ settings: { model: '/nonexistent/emotion-model' } });
  try {
    const uri = 'file:///m.txt';
    const v = m.open(uri, ANGRY);
    await waitFor(() => m.state.modelStatus.find((x) => x.state === 'error'));
    m.change(uri, ANGRY + ' Again.');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(m.state.messages.filter((x) => x.type === 1).length, 1);
    assert.match(m.state.messages[0].message, /model folder not found: \/nonexistent\/emotion-model/);
    assert.ok(!m.state.allDiagnostics.some((d) => d.uri === uri && d.diagnostics.length));
    assert.equal(await m.hover(uri, 0, 2), null);
    // a corrupt folder: config.json is not JSON
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'el-bad-'));
    fs.writeFileSync(path.join(bad, 'config.json'), '{not json');
    fs.writeFileSync(path.join(bad, 'tokenizer.json'), '{}');
    m.setSettings({ model: bad });
    await waitFor(() => m.state.messages.find((x) => /config\.json is not valid JSON/.test(x.message)));
    m.setSettings({ model: '' });
    const d = await waitFor(() => m.state.allDiagnostics.find((x) => x.uri === uri && x.diagnostics.length), 20000);
    assert.equal(d.diagnostics[0].code, 'anger');
    assert.ok(v >= 1);
    fs.rmSync(bad, { recursive: true, force: true });
  } finally {
    await m.stop();
  }
});
