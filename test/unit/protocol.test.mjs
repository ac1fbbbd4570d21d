// The client's side of emotion/documentSummary: partial summaries that only add sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const core = createRequire(import.meta.url)('../../dist/core.js');

const at = (line, character = 0, label = 'joy') => ({ range: { start: { line, character }, end: { line, character: character + 5 } }, text: `s${line}:${character}`, label });
const summary = (version, lines, extra = {}) => ({ uri: 'file:///a.md', version, counts: { n: lines.length }, sentences: lines.map((l) => at(...[l].flat())), ...extra });

test('appendSummary: an appended summary adds its sentences in document order; totals come from it', () => {
  const first = summary(3, [[10], [11], [12, 4]], { progress: 0.2 });
  const added = summary(3, [[0], [12, 1], [40]], { progress: 0.5, append: true, counts: { n: 6 } });
  const merged = core.appendSummary(first, added);
  assert.deepEqual(merged.sentences.map((s) => s.text), ['s0:0', 's10:0', 's11:0', 's12:1', 's12:4', 's40:0']);
  assert.equal(merged.progress, 0.5);
  assert.deepEqual(merged.counts, { n: 6 });
  assert.equal('append' in merged, false);
  // the inputs are not changed
  assert.equal(first.sentences.length, 3);
});

test('appendSummary: a whole summary replaces; an appended one of another version or document stands alone', () => {
  const old = summary(3, [[1], [2]]);
  const whole = summary(4, [[5]]);
  assert.equal(core.appendSummary(old, whole), whole);
  const stray = summary(4, [[7]], { append: true, progress: 0.3 });
  assert.deepEqual(core.appendSummary(old, stray).sentences.map((s) => s.text), ['s7:0']);
  assert.deepEqual(core.appendSummary({ ...old, uri: 'file:///b.md', version: 4 }, stray).sentences.map((s) => s.text), ['s7:0']);
  assert.deepEqual(core.appendSummary(undefined, stray).sentences.map((s) => s.text), ['s7:0']);
});
