// Viewport-first progressive publication, error reporting and LSP details, over a real
// stdio connection with the real bundled model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, waitFor } from './lspClient.mjs';
const core = createRequire(import.meta.url)('../../dist/core.js');

const ANGRY = 'I feel so angry and furious at this broken build.';
const NEUTRAL = ['The parser reads each table row', 'Run the tests before you push', 'The cache holds recent results', 'Settings are read per folder'];

/** A Markdown document of n sentences, one per line, in paragraphs of ten. */
function bigDocument(n, tag) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    lines.push(i % 50 === 7 ? ANGRY : `${NEUTRAL[i % 4]} (${tag} ${i}).`);
    if (i % 10 === 9) lines.push('');
  }
  return lines.join('\n');
}
const lineOf = (n) => n + Math.floor(n / 10); // sentence n's line (a blank line after every ten)

let s;
before(async () => {
  s = await startServer();
});
after(async () => s.stop());

test('emotion/visibleRanges: the visible part is published first, then the rest, then the complete results', async () => {
  const uri = 'file:///progressive-visible.md';
  const n = 3000;
  const from = lineOf(2000);
  const to = lineOf(2040);
  // the editor says what it shows before the server gets to the document
  s.conn.sendNotification('emotion/visibleRanges', { uri, ranges: [{ start: { line: from, character: 0 }, end: { line: to, character: 0 } }] });
  const v = s.open(uri, bigDocument(n, 'v'), 'markdown');
  const complete = await s.summary(uri, v, (x) => x.progress === undefined, 120000);
  assert.equal(complete.sentences.length, n);
  const mine = s.state.summaries.filter((x) => x.uri === uri && x.version === v);
  assert.ok(mine.length >= 2, `partial summaries before the complete one (got ${mine.length})`);
  const [first] = mine;
  assert.ok(first.progress > 0 && first.progress < 1, `first summary is partial: ${first.progress}`);
  // the first publication holds the visible sentences, and not the top of the document
  const lines = new Set(first.sentences.map((x) => x.range.start.line));
  for (let l = from; l < to; l++) if (l % 11 !== 10) assert.ok(lines.has(l), `visible line ${l} in the first publication`);
  assert.ok(!lines.has(0), 'the top is not in the first publication');
  assert.ok(first.sentences.length < n / 2);
  // as sent: the first summary whole, every later one only adds (emotion/documentSummary's append),
  // the complete one included; folded in order (appendSummary), the complete results, each sentence sent once
  const raw = s.state.rawSummaries.filter((x) => x.uri === uri && x.version === v);
  assert.equal(raw.length, mine.length);
  assert.ok(!raw[0].append && raw.slice(1).every((x) => x.append), 'summaries after the first are appended');
  assert.ok(raw.at(-1).sentences.length < n, 'the complete summary sends what the partial ones did not');
  let folded;
  for (const x of raw) folded = core.appendSummary(folded, x);
  const starts = folded.sentences.map((x) => x.range.start.line);
  assert.deepEqual(starts, [...new Set(starts)].sort((a, b) => a - b), 'in document order, none twice');
  assert.equal(raw.reduce((k, x) => k + x.sentences.length, 0), n, 'no sentence sent twice');
  assert.deepEqual(folded, complete);
  // progress only grows, and the partial diagnostics are of this version
  const progress = mine.map((x) => x.progress ?? 1);
  assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
  const diags = s.state.allDiagnostics.filter((d) => d.uri === uri);
  assert.ok(diags.length >= 2 && diags.every((d) => d.version === v));
  assert.equal(diags.at(-1).diagnostics.length, complete.counts.anger + complete.counts.joy + complete.counts.sadness + complete.counts.love + complete.counts.fear + complete.counts.surprise);
});

test('no visibleRanges: top-down; an edit mid-way is never overwritten by the older version', async () => {
  const uri = 'file:///progressive-top.md';
  const n = 3000;
  const v1 = s.open(uri, bigDocument(n, 't'), 'markdown');
  const first = await s.summary(uri, v1, () => true, 120000);
  assert.ok(first.progress !== undefined, 'a big document is published progressively');
  assert.ok(first.sentences.some((x) => x.range.start.line === 0), 'top-down: the first publication starts at the top');
  // a hover at the end, probably not analysed yet: answered for that very sentence
  const last = lineOf(n - 1);
  const far = await s.hover(uri, last, 3);
  assert.match(far.contents.value, /Emotion Lens: /);
  assert.deepEqual(far.range.start, { line: last, character: 0 });
  // edit while the rest fills in: sentence 5 becomes angry
  const v2 = s.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 200 } }, text: ANGRY }]);
  const done = await s.summary(uri, v2, (x) => x.progress === undefined, 120000);
  assert.equal(done.sentences.length, n);
  assert.equal(done.sentences.find((x) => x.range.start.line === 5).label, 'anger');
  // in order of arrival, versions never go back
  const versions = s.state.allDiagnostics.filter((d) => d.uri === uri).map((d) => d.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  const summaries = s.state.summaries.filter((x) => x.uri === uri).map((x) => x.version);
  assert.deepEqual(summaries, [...summaries].sort((a, b) => a - b));
  // hovers answer for sentences published so far and after
  const h = await s.hover(uri, 5, 3);
  assert.match(h.contents.value, /Emotion Lens: anger/);
});

test('a failing analysis is logged with the document and the reason, and shown once', async () => {
  const uri = 'file:///fails.txt';
  await s.conn.sendRequest('emotion/test/failNextClassify');
  const before = s.state.messages.length;
  s.open(uri, `${ANGRY} A new sentence for the failing model.`);
  const log = await waitFor(() => s.state.logs.find((l) => l.message.includes(uri) && l.message.includes('test: the model failed')), 20000, 'the error in the log');
  assert.equal(log.type, 1); // Error
  await waitFor(() => s.state.messages.length > before, 20000, 'a message to the user');
  const shown = s.state.messages.slice(before).filter((m) => /failed for fails\.txt/.test(m.message));
  assert.equal(shown.length, 1);
  // the next change is analysed normally
  const v2 = s.change(uri, `${ANGRY} Changed.`);
  const sum = await s.summary(uri, v2);
  assert.equal(sum.counts.anger, 1);
});

test('LSP details: hover past the end is null; bad params are -32602', async () => {
  const uri = 'file:///details.txt';
  const v = s.open(uri, `${ANGRY}\nSecond line here.`);
  await s.summary(uri, v);
  assert.equal(await s.hover(uri, 500, 0), null);
  await assert.rejects(s.conn.sendRequest('textDocument/hover', { textDocument: { uri } }), (e) => e.code === -32602);
  await assert.rejects(s.conn.sendRequest('textDocument/hover', {}), (e) => e.code === -32602);
  await assert.rejects(s.conn.sendRequest('emotion/documentResults', {}), (e) => e.code === -32602);
  await assert.rejects(s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, context: { diagnostics: [] } }), (e) => e.code === -32602);
});

test('a client that refuses window/showMessageRequest does not end the server; requests after shutdown are -32600', async () => {
  const t = await startServer({ settings: { languages: ['plaintext', 'cobol'] } });
  try {
    // this client answers every showMessageRequest with an error
    t.conn.onRequest('window/showMessageRequest', () => {
      throw new Error('not supported here');
    });
    const uri = 'file:///notes.cbl';
    t.open(uri, 'Some text.', 'cobol'); // "does not read" is a warning shown to the user
    await waitFor(() => t.state.logs.some((l) => l.message.includes('did not show the message')), 20000, 'the refused message logged');
    const v = t.open('file:///alive.txt', ANGRY);
    const sum = await t.summary('file:///alive.txt', v);
    assert.equal(sum.counts.anger, 1);
    assert.equal(t.child.exitCode, null);
    await t.conn.sendRequest('shutdown');
    await assert.rejects(t.hover('file:///alive.txt', 0, 1), (e) => e.code === -32600);
    await assert.rejects(t.conn.sendRequest('emotion/documentResults', { uri: 'file:///alive.txt' }), (e) => e.code === -32600);
  } finally {
    await t.stop();
  }
});
