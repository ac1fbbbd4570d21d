// The per-format fixtures through the language server: the same sentences and exact
// ranges as the core and the CLI; the sentence as written in results, the prose in
// hovers; one message for a language Emotion Lens does not read; englishOnly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer, waitFor } from './lspClient.mjs';

const DIR = path.join(ROOT, 'test', 'fixtures', 'languages');
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const range = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
// code languages through `languages` (no comments switch), markup, CRLF, astral characters
const FILES = ['go.go', 'python.py', 'python-crlf.py', 'rust.rs', 'typescriptreact.tsx', 'html.html', 'latex.tex', 'mdx.mdx', 'org.org', 'restructuredtext.rst', 'asciidoc.adoc'];

let s;
before(async () => {
  s = await startServer({ settings: { languages: FILES.map((f) => expected[f].language) } });
});
after(async () => s.stop());

for (const file of FILES) {
  test(`${file}: the expected sentences at their exact ranges`, async () => {
    const uri = `file:///fixtures/${file}`;
    const v = s.open(uri, fs.readFileSync(path.join(DIR, file), 'utf8'), expected[file].language);
    const sum = await s.summary(uri, v, () => true, 60000);
    assert.equal(sum.skipped, undefined);
    assert.deepEqual(sum.sentences.map((x) => [range(x.range), x.text]), expected[file].sentences.map(([rg, text]) => [rg, text]));
    // what the model judged, where it differs from the sentence as written
    assert.deepEqual(sum.sentences.map((x) => x.prose ?? x.text), expected[file].sentences.map(([, text, prose]) => prose ?? text));
  });
}

test('hover on a sentence with a URL: the range is the sentence as written', async () => {
  const uri = 'file:///fixtures/go.go';
  const h = await s.hover(uri, 1, 60);
  assert.ok(h, 'a hover');
  assert.deepEqual(h.range, { start: { line: 1, character: 47 }, end: { line: 1, character: 90 } });
});

test('a language Emotion Lens does not read: one clear message, no results', async () => {
  s.setSettings({ languages: ['cobol'] });
  const uri = 'file:///notes.cbl';
  const v = s.open(uri, 'A COBOL note.\n', 'cobol');
  const sum = await s.summary(uri, v, (x) => x.skipped, 60000);
  assert.match(sum.skipped, /does not read "cobol" documents\. Supported languages: plaintext, markdown/);
  await waitFor(() => s.state.messages.find((m) => /cobol/.test(m.message)), 20000, 'the message');
  assert.equal(s.state.messages.filter((m) => /cobol/.test(m.message)).length, 1);
});

test('englishOnly: a Spanish paragraph is left out, and judged when the setting is off', async () => {
  s.setSettings({ languages: ['plaintext'], englishOnly: true });
  const uri = 'file:///mixed.txt';
  const text = 'I am furious about this bug.\n\nEstoy muy enfadado con este error del compilador.\n';
  let v = s.open(uri, text, 'plaintext');
  let sum = await s.summary(uri, v, () => true, 60000);
  assert.deepEqual(sum.sentences.map((x) => x.text), ['I am furious about this bug.']);
  const h = await s.hover(uri, 2, 10);
  assert.match(h.contents.value, /^Not judged: this paragraph looks like another language \(`es`\), and the model reads English only\. Turn off `emotionLens\.englishOnly`/);
  s.setSettings({ englishOnly: false });
  v = s.change(uri, text + '\n');
  sum = await s.summary(uri, v, () => true, 60000);
  assert.equal(sum.sentences.length, 2);
});
