// The window a big document's visible part is read from before the whole is extracted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

const para = (i) => `Paragraph ${i} says one thing.\nIt goes on for a second line.`;
const doc = (n, eol = '\n') => Array.from({ length: n }, (_, i) => para(i)).join('\n\n').replaceAll('\n', eol);

test('the window is whole paragraphs around the visible range, and its sentences are the whole document\'s', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = doc(200, eol);
    const at = text.indexOf('Paragraph 100 ') + 12; // inside the paragraph's first line
    const [from, to] = core.previewWindow(text, 'markdown', [[at, at + 5]]);
    assert.equal(text.slice(from, to), para(100).replaceAll('\n', eol));
    // the same sentences, at the same offsets, as from the whole document
    const whole = core.segmentSentences(core.extractProse(text, 'markdown', false)).filter((s) => s.start >= from && s.end <= to);
    const alone = core.segmentSentences(core.extractProse(text.slice(from, to), 'markdown', false)).map((s) => ({ ...s, start: s.start + from, end: s.end + from, block: 0 }));
    assert.deepEqual(alone.map(({ start, end, text: t }) => [start, end, t]), whole.map(({ start, end, text: t }) => [start, end, t]));
  }
});

test('no window inside a fenced code block or an HTML comment, or for formats read as a whole', () => {
  const fenced = ['# Title', '', '```text', '', 'I hate this code block.', '', '```', '', 'After.'].join('\n');
  const inside = fenced.indexOf('I hate');
  assert.equal(core.previewWindow(fenced, 'markdown', [[inside, inside + 3]]), undefined);
  // after the fence closes, a window again
  const after = fenced.indexOf('After');
  assert.deepEqual(core.previewWindow(fenced, 'markdown', [[after, after + 3]]), [after, fenced.length]);
  const commented = ['Intro.', '', '<!--', '', 'I hate this hidden note.', '', '-->'].join('\n');
  const c = commented.indexOf('I hate');
  assert.equal(core.previewWindow(commented, 'markdown', [[c, c + 3]]), undefined);
  assert.equal(core.previewWindow(doc(10), 'latex', [[0, 10]]), undefined);
  assert.equal(core.previewWindow(doc(10), 'markdown', []), undefined);
});

test('a paragraph longer than the window limit gives no window', () => {
  const text = 'word '.repeat(20000);
  assert.equal(core.previewWindow(text, 'plaintext', [[50000, 50010]]), undefined);
});
