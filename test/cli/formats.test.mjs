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

test('check: a file whose name is not in the table is read as plain text', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'notes.rst'), 'A reStructuredText note.\n');
  const out = JSON.parse(run(['check', '--all', '--json', 'notes.rst'], '', { cwd: dir }).stdout);
  assert.equal(out.files[0].language, 'plaintext');
  assert.deepEqual(out.files[0].sentences.map((s) => s.text), ['A reStructuredText note.']);
});
