// `check` over the per-format fixtures: the language comes from the file name (the one
// table), and every sentence is the one the fixture expects, at its exact range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, run, tempDir } from './helpers.mjs';

const DIR = path.join(ROOT, 'test', 'fixtures', 'languages');
const expected = JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const range = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

test('check --all --json over every fixture: language by file name, exact sentences and ranges', () => {
  const files = Object.keys(expected);
  const r = run(['check', '--all', '--json', ...files], '', { cwd: DIR });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f) => f.file).sort(), [...files].sort());
  for (const f of out.files) {
    const want = expected[f.file];
    assert.equal(f.language, want.language, f.file);
    assert.deepEqual(f.sentences.map((s) => [range(s.range), s.text]), want.sentences.map(([rg, text]) => [rg, text]), f.file);
  }
});

test('check: files whose name is not in the table are read as plain text, and one note lists them', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'notes.cbl'), 'A COBOL note.\n');
  fs.writeFileSync(path.join(dir, 'guide.wiki'), 'An AsciiDoc guide.\n');
  fs.writeFileSync(path.join(dir, 'known.md'), 'A Markdown note.\n');
  const r = run(['check', '--all', '--json', 'notes.cbl', 'guide.wiki', 'known.md'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f) => [f.file, f.language]), [['notes.cbl', 'plaintext'], ['guide.wiki', 'plaintext'], ['known.md', 'markdown']]);
  assert.deepEqual(out.files[0].sentences.map((s) => s.text), ['A COBOL note.']);
  const notes = r.stderr.split('\n').filter((l) => l.includes('read as plain text'));
  assert.deepEqual(notes, ['emotion-lens: read as plain text (unknown file type; --language sets one): notes.cbl, guide.wiki']);
  // --language names the type: nothing is guessed, no note
  assert.doesNotMatch(run(['check', '--language', 'plaintext', 'notes.cbl'], '', { cwd: dir }).stderr, /read as plain text/);
});

test('check --no-english-only judges paragraphs in other languages too', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'I am furious about this bug.\n\nEstoy muy enfadado con este error del compilador.\n');
  const texts = (args) => JSON.parse(run(['check', '--all', '--json', ...args, 'notes.txt'], '', { cwd: dir }).stdout).files[0].sentences.map((s) => s.text);
  assert.deepEqual(texts([]), ['I am furious about this bug.']);
  assert.deepEqual(texts(['--no-english-only']), ['I am furious about this bug.', 'Estoy muy enfadado con este error del compilador.']);
});
