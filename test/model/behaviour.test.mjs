// What the shipped model must do with real writing (the same classifier the server and CLI use).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const { EmotionClassifier, isFlagged, EMOTIONS, commitPart, classificationMetrics, proseCheck, readCommitSubjects, readLabelled } = require('../../dist/core.js');

let clf;
before(async () => {
  clf = await EmotionClassifier.load();
});

test('casing, punctuation, apostrophes and emoji do not flip the label', async () => {
  const pairs = [
    ["I'm furious that the build broke again!", 'im furious that the build broke again'],
    ['I AM SO HAPPY WITH THIS RELEASE!!! 🎉', 'i am so happy with this release'],
    ["I’m terrified we won’t make the deadline…", 'im terrified we wont make the deadline'],
    ['Honestly? I feel lonely and miserable. 😢', 'honestly i feel lonely and miserable'],
    ['I was AMAZED, the tests passed on the first try!', 'i was amazed the tests passed on the first try'],
  ];
  const results = await clf.classify(pairs.flat());
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = [results[2 * i], results[2 * i + 1]];
    assert.equal(a.label, b.label, pairs[i][0]);
    assert.ok(Math.abs(a.score - b.score) < 1e-6, pairs[i][0]);
  }
});

test('emotional sentences without "feel" are still caught; neutral ones are not flagged', async () => {
  const emotional = [
    ['What a great day, every test passed!', 'joy'],
    ['This is outrageous.', 'anger'],
    ["I'm furious that the build broke again!", 'anger'],
  ];
  const neutral = ['Bump lodash to 4.17.21', 'Add a section on configuration to the README.', 'The function returns null when the file is missing.'];
  const r = await clf.classify([...emotional.map((e) => e[0]), ...neutral]);
  emotional.forEach(([text, label], i) => {
    assert.equal(r[i].label, label, text);
    assert.ok(isFlagged(r[i], clf.defaultThreshold, EMOTIONS), `${text} flagged`);
  });
  neutral.forEach((text, i) => assert.ok(!isFlagged(r[emotional.length + i], clf.defaultThreshold, EMOTIONS), `${text} not flagged`));
});

test('odd input never throws: empty, 20,000 characters, emoji, CJK, NUL', async () => {
  const inputs = ['', ' ', 'angry '.repeat(4000), '😡😡😡', '今天很高兴', 'a\u0000b', '\ud800', 'x'.repeat(20000)];
  const r = await clf.classify(inputs);
  assert.equal(r.length, inputs.length);
  for (const x of r) {
    assert.ok(EMOTIONS.includes(x.label));
    assert.ok(Math.abs(Object.values(x.scores).reduce((a, b) => a + b, 0) - 1) < 1e-4);
  }
  assert.equal(r[0].readable, false); // nothing to read is never flagged
  assert.equal(r[2].label, 'anger'); // long text is truncated and still classified
});

test('a missing or corrupt model folder is a clear error', async () => {
  await assert.rejects(EmotionClassifier.load({ model: '/no/such/model' }), /model folder not found: \/no\/such\/model/);
  await assert.rejects(EmotionClassifier.load({ model: 'someone/some-model' }), /downloading models is off/);
});

test('the prose check set: at least 80% of emotional sentences flagged right, at most 10% of neutral ones flagged', async () => {
  // the same computation as `emotion-lens eval`
  const p = await proseCheck(path.join(ROOT, 'model', 'eval', 'prose-check.tsv'), (t) => clf.classify(t), clf.defaultThreshold);
  assert.ok(p.emotional >= 40 && p.neutral >= 40);
  assert.ok(p.emotionalFlaggedCorrect >= 0.8, `emotional flagged right: ${p.emotionalFlaggedCorrect}\n${p.misses.join('\n')}`);
  assert.ok(p.neutralFlagged <= 0.1, `neutral flagged: ${p.neutralFlagged}\n${p.falseFlags.join('\n')}`);
});

test('the flag rule (at most 10% of held-out commit subjects, at least 85% of validation flagged right) and validation accuracy and F1 targets', { skip: !fs.existsSync(DATA) && 'no ../shared/data' }, async () => {
  const subjects = readCommitSubjects(DATA).filter((x) => commitPart(x) === 'heldout');
  const c = await clf.classify(subjects);
  const commitRate = c.filter((x) => isFlagged(x, clf.defaultThreshold, EMOTIONS)).length / subjects.length;
  assert.ok(commitRate <= 0.1, `commit subjects flagged: ${commitRate}`);
  const { texts, labels } = readLabelled(path.join(DATA, 'emotion', 'validation.txt'));
  const v = await clf.classify(texts);
  const right = v.filter((x, i) => x.label === labels[i] && isFlagged(x, clf.defaultThreshold, EMOTIONS)).length / texts.length;
  assert.ok(right >= 0.85, `validation flagged with the right label: ${right}`);
  // the model's accuracy targets, through the same pipeline as the extension
  const m = classificationMetrics(v.map((x) => x.label), labels);
  assert.ok(m.accuracy >= 0.92, `validation accuracy ${m.accuracy}`);
  assert.ok(m.weightedF1 >= 0.92, `validation weighted F1 ${m.weightedF1}`);
  assert.ok(m.macroF1 >= 0.88, `validation macro F1 ${m.macroF1}`);
});
