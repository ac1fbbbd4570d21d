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
const { EmotionClassifier, isFlagged, EMOTIONS, commitFigures, dairFigures, docsFigures, goFigures, novelFigures, proseCheck } = require('../../dist/core.js');
const os = require('node:os');

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
    ['This is outrageous.', 'anger'],
    ["I'm furious that the build broke again!", 'anger'],
  ];
  const neutral = ['Bump lodash to 4.17.21', 'Add a section on configuration to the README.', 'The function returns null when the file is missing.'];
  // the model card's example of a mild sentence under the threshold: joy is its likeliest emotion
  // (v5: joy 0.40, neutral 0.51; v4 read it as joy 0.65, neutral 0.23; the card prints the scores)
  const mild = 'What a great day, every test passed!';
  const r = await clf.classify([...emotional.map((e) => e[0]), ...neutral, mild]);
  emotional.forEach(([text, label], i) => {
    assert.equal(r[i].label, label, text);
    assert.ok(isFlagged(r[i], clf.defaultThreshold, EMOTIONS), `${text} flagged`);
  });
  neutral.forEach((text, i) => assert.ok(!isFlagged(r[emotional.length + i], clf.defaultThreshold, EMOTIONS), `${text} not flagged`));
  const m = r.at(-1);
  assert.equal(m.label, 'joy', mild);
  assert.ok(m.score > 4 * Math.max(...Object.entries(m.scores).filter(([k]) => k !== 'joy').map(([, v]) => v)), `${mild}: ${JSON.stringify(m.scores)}`);
  assert.ok(!isFlagged(m, clf.defaultThreshold, EMOTIONS), `${mild}: emotional ${1 - m.neutral}, under the threshold`);
});

test('odd input never throws: empty, 20,000 characters, emoji, CJK, NUL', async () => {
  const inputs = ['', ' ', 'angry '.repeat(4000), '😡😡😡', '今天很高兴', 'a\u0000b', '\ud800', 'x'.repeat(20000)];
  const r = await clf.classify(inputs);
  assert.equal(r.length, inputs.length);
  for (const x of r) {
    assert.ok(EMOTIONS.includes(x.label));
    assert.ok(Math.abs(Object.values(x.scores).reduce((a, b) => a + b, 0) + x.neutral - 1) < 1e-4); // six emotions + neutral
  }
  assert.equal(r[0].readable, false); // nothing to read is never flagged
  assert.equal(r[2].label, 'anger'); // long text is truncated and still classified
});

test('a missing or corrupt model folder is a clear error', async () => {
  await assert.rejects(EmotionClassifier.load({ model: '/no/such/model' }), /model folder not found: \/no\/such\/model/);
  await assert.rejects(EmotionClassifier.load({ model: 'someone/some-model' }), /downloading models is off/);
});

// Figures of the shipped model are in model/README.md; where a line below is looser than issue 8's target
// it guards against regression at the level measured (the target is not met yet; the model card says so).
test('the prose check set: flag agreement >= 80%, the right label >= 75% where both flag', async () => {
  // the same computation as `emotion-lens eval`
  const p = await proseCheck(path.join(ROOT, 'model', 'eval', 'prose-check.tsv'), (t) => clf.classify(t), clf.defaultThreshold);
  assert.ok(p.count >= 300 && p.emotional >= 100, `${p.count} sentences`);
  assert.ok(p.flagAgreement >= 0.8, `flag agreement ${p.flagAgreement}\n${p.wrong.join('\n')}`);
  assert.ok(p.rightLabelWhereBothFlag >= 0.75, `right label where both flag ${p.rightLabelWhereBothFlag}\n${p.wrong.join('\n')}`);
});

test('held-out documentation (pinned npm READMEs): at most 1.5% of sentences flagged', async (t) => {
  const root = path.join(ROOT, 'node_modules');
  const d = await docsFigures(root, (x) => clf.classify(x), clf.defaultThreshold);
  if (d.files < 80) return t.skip(`only ${d.files} of the pinned held-out READMEs are in node_modules`);
  assert.ok(d.sentences > 3000, `${d.sentences} sentences`);
  assert.ok(d.flagged <= 0.015, `flagged ${d.flagged}\n${d.examples.join('\n')}`);
});

test('eval --novels reads only the report part of narrative.py build\'s file; a malformed line names its line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'novels-'));
  const file = path.join(dir, 'novels.tsv');
  fs.writeFileSync(file, [
    'k1\treport\tfear\tHis blood ran cold, and he trembled with terror at the step upon the stair.',
    'k2\treport\tneutral\tThe carriage was ordered for ten o\'clock.',
    'k3\ttrain\tjoy\tShe was delighted beyond measure!',
    'k4\tselect\tneutral\tThey walked to the village.',
  ].join('\n') + '\n');
  const n = await novelFigures(file, (x) => clf.classify(x), clf.defaultThreshold);
  assert.deepEqual([n.count, n.emotional, n.neutral], [2, 1, 1]);
  fs.writeFileSync(file, 'k1\treport\tfear\tfine\nk2\treport\tgloomy\tnot a label\n');
  await assert.rejects(novelFigures(file, (x) => clf.classify(x), clf.defaultThreshold), /novels\.tsv:2: expected "key TAB part TAB label TAB sentence"/);
});

const noData = !fs.existsSync(DATA) && 'no ../shared/data beside the clone';

test('held-out commit subjects: at most 2% flagged', { skip: noData }, async () => {
  const c = await commitFigures(DATA, (x) => clf.classify(x), clf.defaultThreshold);
  assert.ok(c.count > 2000);
  assert.ok(c.flagged <= 0.02, `commit subjects flagged: ${c.flagged}`);
});

test('dair-ai validation: accuracy and weighted F1 >= 0.92, >= 85% flagged with the right label', { skip: noData }, async () => {
  const figures = await dairFigures(path.join(DATA, 'emotion', 'validation.txt'), (x) => clf.classify(x), clf.defaultThreshold);
  for (const [part, v] of Object.entries(figures)) {
    assert.ok(v.accuracy >= 0.92, `${part}: accuracy ${v.accuracy}`);
    assert.ok(v.weightedF1 >= 0.92, `${part}: weighted F1 ${v.weightedF1}`);
    assert.ok(v.flaggedRight >= 0.85, `${part}: flagged right ${v.flaggedRight}`);
  }
});

test('GoEmotions dev: neutral flagged <= 10%, emotional flagged with the right emotion >= 58.5% (target 60%; measured 58.9% on the report half)', { skip: noData }, async () => {
  const figures = await goFigures(DATA, (x) => clf.classify(x), clf.defaultThreshold);
  for (const [part, g] of Object.entries(figures)) {
    assert.ok(g.neutralFlagged <= 0.1, `${part}: neutral flagged ${g.neutralFlagged}`);
    assert.ok(g.emotionalFlaggedRight >= 0.585, `${part}: emotional flagged right ${g.emotionalFlaggedRight}`);
  }
});
