// Only English is judged: per-paragraph language detection, and the setting that turns it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

const fake = async (texts) => texts.map(() => ({ label: 'anger', score: 0.99, scores: { sadness: 0, joy: 0, love: 0, anger: 0.99, fear: 0, surprise: 0 }, neutral: 0.01 }));
const settings = { labels: ['anger'], comments: false, maxDocumentSize: 1e6 };

test('foreign paragraphs are recognised; English, short and technical ones are not', () => {
  for (const [text, lang] of [
    ['El proyecto compila en Linux y en Windows.', 'es'],
    ['Jestem bardzo zły na ten błąd.', 'pl'],
    ['Zelo sem jezen zaradi te napake.', 'sl'],
    ['awesome-shell : シェルのための素晴らしいリスト', 'ja'],
  ]) assert.equal(core.foreignLanguage(text), lang, text);
  for (const text of ['I am so angry and furious that this broke again.', 'Bump tokenizers.js to v0.1.1', 'Gracias amigo', 'Install it with npm and restart the editor.']) {
    assert.equal(core.foreignLanguage(text), undefined, text);
  }
});

test('the analyzer leaves non-English paragraphs out, unless englishOnly is off', async () => {
  const text = 'I am furious about this bug.\n\nEstoy muy enfadado con este error del compilador.\n\nJestem bardzo zły na ten błąd w programie.\n';
  const analyzer = new core.Analyzer(fake);
  const on = await analyzer.analyze(text, { languageId: 'plaintext', settings, threshold: 0.5 });
  assert.deepEqual(on.sentences.map((s) => s.text), ['I am furious about this bug.']);
  assert.equal(on.notEnglish, 2);
  const off = await analyzer.analyze(text, { languageId: 'plaintext', settings: { ...settings, englishOnly: false }, threshold: 0.5 });
  assert.equal(off.sentences.length, 3);
  assert.equal(core.sanitizeSettings({ englishOnly: false }).englishOnly, false);
  assert.equal(core.sanitizeSettings({}).englishOnly, true);
});

test('the analyzer: unsupported languages are said so; code languages in `languages` need no comments switch; the model sees the prose', async () => {
  const seen = [];
  const analyzer = new core.Analyzer(async (t) => (seen.push(...t), fake(t)));
  const unknown = await analyzer.analyze('Some text.', { languageId: 'cobol', settings, threshold: 0.5 });
  assert.equal(unknown.kind, 'skipped');
  assert.match(unknown.reason, /does not read "cobol" documents\. Supported languages: plaintext, markdown, .*, go, /);
  const go = '// See `parseConfig` at https://example.com/a for the details.\nfunc main() {}\n';
  assert.deepEqual((await analyzer.analyze(go, { languageId: 'go', settings, threshold: 0.5 })).sentences, []);
  const r = await analyzer.analyze(go, { languageId: 'go', settings: { ...settings, languages: ['go'] }, threshold: 0.5 });
  assert.equal(r.sentences[0].text, 'See `parseConfig` at https://example.com/a for the details.');
  assert.equal(r.sentences[0].prose, 'See at for the details.');
  assert.deepEqual(r.sentences[0].range, { start: { line: 0, character: 3 }, end: { line: 0, character: 62 } });
  assert.deepEqual(seen, ['See at for the details.']);
});
