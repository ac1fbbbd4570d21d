// The one table of supported languages (common/languages.ts) and everything that must
// agree with it but cannot import it: package.json, the README table, dist/grammars.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ids = core.LANGUAGES.map((l) => l.id);

test('the table: unique ids and extensions, a grammar for every code language', () => {
  assert.equal(new Set(ids).size, ids.length);
  const exts = core.LANGUAGES.flatMap((l) => l.extensions);
  assert.equal(new Set(exts).size, exts.length, 'an extension belongs to one language');
  for (const l of core.LANGUAGES) {
    assert.equal(l.extractor === 'comments' || l.extractor === 'rst', Boolean(l.grammar), l.id);
    for (const e of l.extensions) assert.match(e, /^\.[a-z0-9+_]+$/, `${l.id}: ${e}`);
  }
  assert.deepEqual([...core.ALL_LANGUAGES], ids);
  assert.deepEqual(core.DEFAULT_SETTINGS.languages, core.LANGUAGES.filter((l) => l.byDefault).map((l) => l.id));
});

test('package.json: activation events and the languages setting come from the table', () => {
  const onLanguage = pkg.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
  assert.deepEqual(onLanguage, ids);
  const setting = pkg.contributes.configuration.properties['emotionLens.languages'];
  assert.deepEqual(setting.items.enum, ids);
  assert.deepEqual(setting.default, core.DEFAULT_SETTINGS.languages);
  assert.equal(pkg.contributes.configuration.properties['emotionLens.englishOnly'].default, core.DEFAULT_SETTINGS.englishOnly);
});

test('package.json registers a bare language exactly for the table\'s ids that VS Code lacks', () => {
  const registered = core.LANGUAGES.filter((l) => l.registers).map((l) => ({ id: l.id, aliases: [l.name], extensions: [...l.registers] }));
  assert.deepEqual(pkg.contributes.languages, registered);
  for (const l of core.LANGUAGES) for (const e of l.registers ?? []) assert.ok(l.extensions.includes(e), `${l.id}: ${e} is one of its CLI extensions`);
});

test('README: the supported-formats table lists exactly the table, with its files', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Supported formats$/m)[1].split(/^## /m)[0];
  const rows = section.split('\n').filter((l) => /^\| .* \| `[^`]+` \|/.test(l)).map((l) => l.split(' | '));
  assert.deepEqual(rows.map((r) => r[1].replace(/`/g, '')), ids);
  for (const [i, l] of core.LANGUAGES.entries()) {
    const files = [...l.extensions, ...(l.fileNames ?? [])];
    assert.equal(rows[i][2], files.length ? files.map((f) => `\`${f}\``).join(' ') : '—', l.id);
  }
});

test('dist/grammars holds the runtime and exactly the grammars the table names', () => {
  const files = fs.readdirSync(path.join(ROOT, 'dist', 'grammars')).sort();
  assert.deepEqual(files, ['tree-sitter.wasm', ...core.GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)].sort());
});

test('file names: the CLI mapping is the table (case-insensitive extensions, commit files, unknown → none)', () => {
  assert.equal(core.languageOfFileName('main.GO'), 'go');
  assert.equal(core.languageOfFileName('paper.tex'), 'latex');
  assert.equal(core.languageOfFileName('COMMIT_EDITMSG'), 'git-commit');
  assert.equal(core.languageOfFileName('index.htm'), 'html');
  assert.equal(core.languageOfFileName('notes.RST'), 'restructuredtext');
  assert.equal(core.languageOfFileName('guide.ADOC'), 'asciidoc');
  assert.equal(core.languageOfFileName('notes.wiki'), undefined);
  assert.equal(core.languageOfFileName('.bashrc'), undefined);
  assert.deepEqual(core.unsupportedLanguages(['go', 'cobol', 'markdown']), ['cobol']);
});
