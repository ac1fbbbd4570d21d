import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { isFlagged, hoverMarkdown, EMOTIONS } = require('../../dist/core.js');

const scores = (s) => Object.fromEntries(EMOTIONS.map((e) => [e, s[e] ?? 0]));
// a sentence split between joy and love: neither reaches 0.8 alone, together they leave neutral 0.15
const split = { label: 'joy', score: 0.45, scores: scores({ joy: 0.45, love: 0.4 }), neutral: 0.15, readable: true };
// a six-output model (the reference): no neutral output, the top emotion's probability is all there is
const sixOutput = { label: 'joy', score: 0.7, scores: scores({ joy: 0.7, love: 0.3 }), neutral: 0, readable: true };

test('with a neutral output the threshold applies to 1 - neutral, and the label is the likeliest emotion', () => {
  assert.equal(isFlagged(split, 0.8, EMOTIONS), true);
  assert.equal(isFlagged(split, 0.9, EMOTIONS), false);
  assert.equal(isFlagged({ ...split, neutral: 0.5, scores: scores({ joy: 0.45, love: 0.05 }) }, 0.8, EMOTIONS), false);
  assert.equal(isFlagged(split, 0.8, ['love']), false, 'a label the user did not ask for');
  assert.equal(isFlagged({ ...split, readable: false }, 0.8, EMOTIONS), false);
});

test('six-output models keep the top emotion rule', () => {
  assert.equal(isFlagged(sixOutput, 0.63, EMOTIONS), true);
  assert.equal(isFlagged(sixOutput, 0.8, EMOTIONS), false);
});

test('the hover names the emotional probability the threshold is compared with', () => {
  const flagged = hoverMarkdown({ ...split, flagged: true, threshold: 0.8, words: [] });
  assert.match(flagged.split('\n')[0], /^\*\*Emotion Lens: joy\*\* \(45%; emotional 85%\)$/);
  const not = hoverMarkdown({ ...split, flagged: false, threshold: 0.9, words: [] });
  assert.match(not.split('\n')[0], /closest: joy, 45%; emotional 85%, flagged at 90%/);
  const six = hoverMarkdown({ ...sixOutput, flagged: false, threshold: 0.8, words: [] });
  assert.doesNotMatch(six, /emotional/);
});
