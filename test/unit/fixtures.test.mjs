// Per-format fixtures (in the style of Harper's language-support fixtures): each file in
// test/fixtures/languages holds prose that must be found and code or markup that must not.
// expected.json lists every sentence with its exact range (line:character, UTF-16) and
// text as written (and, where it differs, what the model judges). "HIDDEN" marks text
// that must never appear; lower-case "hidden" marks URLs and identifiers, which a
// sentence may show but the model must not judge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

export const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'languages');
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));

async function found(text, language) {
  await core.prepareExtraction(language);
  const mapper = new core.PositionMapper(core.lineStarts(text));
  return core.segmentSentences(core.extractProse(text, language, true)).map((s) => {
    const a = mapper.positionAt(s.start);
    const b = mapper.positionAt(s.end);
    return { range: `${a.line}:${a.character}-${b.line}:${b.character}`, start: s.start, end: s.end, text: s.text, prose: s.prose };
  });
}

const asRows = (list) => list.map((s) => (s.prose === s.text ? [s.range, s.text] : [s.range, s.text, s.prose]));

test('every fixture file has expectations and every expectation a file', () => {
  const files = fs.readdirSync(DIR).filter((f) => f !== 'expected.json').sort();
  assert.deepEqual(Object.keys(expected).sort(), files);
  // every language in the table has a fixture
  const covered = new Set(Object.values(expected).map((e) => e.language));
  for (const l of core.LANGUAGES) if (l.id !== 'scminput' && l.id !== 'git-commit') assert.ok(covered.has(l.id), `no fixture for ${l.id}`);
});

for (const [file, want] of Object.entries(expected)) {
  test(`fixture ${file}: exactly the expected sentences, exact ranges`, async () => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    assert.equal(core.languageOfFileName(file), want.language);
    const got = await found(text, want.language);
    assert.deepEqual(asRows(got), want.sentences);
    for (const s of got) {
      // the range starts and ends on the sentence's first and last characters (astral ones whole)
      const slice = text.slice(s.start, s.end);
      assert.equal(String.fromCodePoint(slice.codePointAt(0)), String.fromCodePoint(s.text.codePointAt(0)), `${file}: start of ${s.text}`);
      assert.equal([...slice].at(-1), [...s.text].at(-1), `${file}: end of ${s.text}`);
      assert.ok(!s.text.includes('HIDDEN'), `${file}: code or markup in ${JSON.stringify(s.text)}`);
      assert.ok(!/hidden/i.test(s.prose), `${file}: the model would judge ${JSON.stringify(s.prose)}`);
    }
    // the same file with the other line breaks: the same sentences at the same positions
    const other = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
    assert.deepEqual(asRows(await found(other, want.language)), want.sentences);
  });
}
