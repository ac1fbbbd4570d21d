// Directives, the project config and commit-message rules as units: the TypeScript modules bundled
// with esbuild for the test (no model needed), and the config validator checked against the JSON
// schema that VS Code uses (ajv), so editor validation and the tools never disagree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
let m;
let tmp;

before(async () => {
  const esbuild = await import('esbuild');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-unit-'));
  const entry = path.join(tmp, 'entry.ts');
  fs.writeFileSync(entry, ['directives', 'config', 'commitMessage', 'apply'].map((f) => `export * from ${JSON.stringify(path.join(ROOT, 'server', 'src', 'project', f))};`).join('\n'));
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(tmp, 'project.js'), logLevel: 'warning' });
  m = require(path.join(tmp, 'project.js'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const kinds = (r) => r.directives.map((d) => [d.kind, d.labels.join(','), d.endLine]);

test('directives are read in the comments of each language, never in code or strings', () => {
  assert.deepEqual(kinds(m.findDirectives('<!-- emotion-lens-disable -->\ntext\n<!--emotion-lens-enable-->', 'markdown')), [['disable', '', 0], ['enable', '', 2]]);
  assert.deepEqual(kinds(m.findDirectives('```\n<!-- emotion-lens-disable -->\n```\n\n`<!-- emotion-lens-disable -->`\n', 'markdown')), [], 'code fence and code span');
  assert.deepEqual(kinds(m.findDirectives('Text <!-- emotion-lens-disable-next-line anger, fear -- a quote --> more\n', 'markdown')), [['disable-next-line', 'anger,fear', 0]]);
  assert.deepEqual(kinds(m.findDirectives('<!--\n  emotion-lens-disable joy\n-->\n', 'plaintext')), [['disable', 'joy', 2]], 'a multi-line comment ends on its last line');
  assert.deepEqual(kinds(m.findDirectives('Subject\n\n# emotion-lens-disable-next-line\n; emotion-lens-disable\n', 'git-commit')), [['disable-next-line', '', 2]]);
  assert.deepEqual(kinds(m.findDirectives('Subject\n\n# emotion-lens-disable-next-line\n; emotion-lens-disable\n', 'git-commit', ';')), [['disable', '', 3]]);
  const ts = 'const s = "// emotion-lens-disable";\n// emotion-lens-disable-next-line\n/* emotion-lens-enable sadness */\nconst t = `/* emotion-lens-disable */`;\n';
  assert.deepEqual(kinds(m.findDirectives(ts, 'typescript')), [['disable-next-line', '', 1], ['enable', 'sadness', 2]]);
  assert.deepEqual(kinds(m.findDirectives('s = "# emotion-lens-disable"\n# emotion-lens-disable fear\n', 'python')), [['disable', 'fear', 1]]);
  assert.deepEqual(kinds(m.findDirectives('// emotion-lens-disable\nlet s = "// emotion-lens-enable";\n  -- emotion-lens-enable joy\n', 'rust')), [['disable', '', 0], ['enable', 'joy', 2]], 'other languages: comments that start a line');
  assert.deepEqual(kinds(m.findDirectives('{/* emotion-lens-disable-next-line */}\n% emotion-lens-disable\n<p><!-- emotion-lens-enable --></p>\n', 'mdx')), [['disable-next-line', '', 0], ['disable', '', 1]]);
  const generic = m.findDirectives('x\n  <!-- emotion-lens-disable --> y\n', 'html').directives[0];
  assert.equal('x\n  <!-- emotion-lens-disable --> y\n'.slice(generic.start, generic.end), '<!-- emotion-lens-disable -->');
  assert.deepEqual(kinds(m.findDirectives('<!-- emotion-lens-disabled -->\n<!-- emotion-lens-disable-nextline -->', 'markdown')), [], 'near misses are not directives');
  const bad = m.findDirectives('\n<!-- emotion-lens-disable angry -->\n', 'markdown');
  assert.deepEqual(bad.directives, []);
  assert.equal(bad.problems[0].line, 1);
  assert.match(bad.problems[0].message, /unknown label "angry"/);
});

test('region state: disable, enable, labels, next-line overlap; masking keeps lengths and line breaks', () => {
  const text = 'a\n<!-- emotion-lens-disable anger -->\nb\n<!-- emotion-lens-disable-next-line joy -->\nc c\nc\n<!-- emotion-lens-enable -->\nd\r\n';
  const { directives } = m.findDirectives(text, 'plaintext');
  const index = new m.DirectiveIndex(directives);
  const at = (line) => text.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0);
  assert.equal(index.suppresses(at(0), 0, 0, 'anger'), false);
  assert.equal(index.suppresses(at(2), 2, 2, 'anger'), true);
  assert.equal(index.suppresses(at(2), 2, 2, 'joy'), false);
  assert.equal(index.suppresses(at(4), 4, 4, 'joy'), true);
  assert.equal(index.suppresses(at(4), 4, 5, 'fear'), false);
  assert.equal(index.suppresses(at(3) - 1, 2, 4, 'joy'), true, 'a sentence that runs into the next line');
  assert.equal(index.suppresses(at(5), 5, 5, 'joy'), false, 'only the next line');
  assert.equal(index.suppresses(at(7), 7, 7, 'anger'), false);
  const masked = m.maskDirectives(text, directives);
  assert.equal(masked.length, text.length);
  assert.deepEqual(masked.split(/\r?\n/).map((l) => l.trim()), ['a', '', 'b', '', 'c c', 'c', '', 'd', '']);
});

test('commit messages: comment characters (auto included), scissors, git\'s own messages', () => {
  const template = 'Fix it\n\n; Please enter the commit message\n;\n; ------------------------ >8 ------------------------\n+I am so angry\n';
  assert.equal(m.resolveCommentChar(undefined, template), '#');
  assert.equal(m.resolveCommentChar(';', template), ';');
  assert.equal(m.resolveCommentChar('auto', template), ';');
  assert.equal(m.resolveCommentChar('auto', '#12 Fix\n\n; Please enter\n;\n'), ';');
  assert.equal(m.resolveCommentChar('auto', 'Fix it\n'), '#');
  const masked = m.maskCommitMessage(`#12 Fix it\nSigned-off-by: A <a@b>\n${template}`, ';');
  assert.equal(masked.length, `#12 Fix it\nSigned-off-by: A <a@b>\n${template}`.length);
  assert.deepEqual(masked.split('\n').map((l) => l.trim()).filter(Boolean), ['#12 Fix it', 'Fix it']);
  for (const own of ["Merge branch 'angry-fix'", "Merge branch 'a' into 'main'", 'Merge pull request #12 from octo/love-letter', "Merge remote-tracking branch 'origin/x'",
    'Merge tag \'v1\'', 'Merge 1a2b3c4 into 5d6e7f8', 'Revert "I hate this"', 'Reapply "Revert \\"x\\""', 'fixup! Angry', 'squash! Angry', 'amend! Angry']) {
    assert.ok(m.gitOwnMessage(`${own}\n\nbody`), own);
  }
  for (const mine of ['Merged the angry branch by hand', 'Reverting is what I hate', 'fixup the parser', 'I am so angry']) assert.equal(m.gitOwnMessage(mine), undefined, mine);
  assert.ok(m.gitOwnMessage('# comment\n\nMerge branch \'x\''), 'the subject is the first non-comment line');
});

test('the config validator and the JSON schema of .emotion-lens.json agree', () => {
  const Ajv = require('ajv');
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'emotion-lens.schema.json'), 'utf8'));
  const validate = ajv.compile(schema);
  const cases = [
    [{}, true], [{ labels: ['anger'] }, true], [{ labels: [] }, true], [{ threshold: 0.7, ignore: ['docs/'], ignoreSentences: ['x'] }, true],
    [{ $schema: './schemas/emotion-lens.schema.json' }, true],
    [{ labels: ['grumpy'] }, false], [{ labels: 'anger' }, false], [{ labels: ['anger', 'anger'] }, false], [{ threshold: 1.5 }, false],
    [{ threshold: '0.5' }, false], [{ ignore: 'docs/' }, false], [{ ignore: [1] }, false], [{ ignoreSentences: [null] }, false], [{ other: 1 }, false], [[], false], ['x', false],
  ];
  for (const [config, valid] of cases) {
    assert.equal(validate(config), valid, `schema: ${JSON.stringify(config)}`);
    assert.equal(m.configProblems(config).length === 0, valid, `validator: ${JSON.stringify(config)}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.emotion-lens.json', url: './schemas/emotion-lens.schema.json' }]);
  assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/emotion-lens\.schema\.json$/m, 'the schema ships in the .vsix');
});

test('config files: nearest wins up to the repository root; ignore patterns are relative to the file; updates keep other keys', () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'repo-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'docs', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(tmp, '.emotion-lens.json'), '{}'); // above the repository: never used
  assert.equal(m.findConfigFile(path.join(dir, 'docs', 'deep')), undefined);
  fs.writeFileSync(path.join(dir, '.emotion-lens.json'), JSON.stringify({ ignore: ['deep/*.md', 'CHANGELOG.md'], threshold: 0.5 }));
  assert.equal(m.findConfigFile(path.join(dir, 'docs', 'deep')), path.join(dir, '.emotion-lens.json'));
  const config = m.readConfig(path.join(dir, '.emotion-lens.json'));
  assert.equal(m.isIgnoredByConfig(config, path.join(dir, 'docs', 'deep', 'a.md')), false, 'deep/*.md is anchored at the config folder');
  assert.equal(m.isIgnoredByConfig(config, path.join(dir, 'deep', 'a.md')), true);
  assert.equal(m.isIgnoredByConfig(config, path.join(dir, 'docs', 'CHANGELOG.md')), true, 'a pattern without a slash matches at any depth');
  assert.equal(m.isIgnoredByConfig(config, path.join(tmp, 'CHANGELOG.md')), false, 'outside its folder');
  fs.writeFileSync(path.join(dir, 'docs', '.emotion-lens.json'), '{"labels": ["joy"]}');
  assert.equal(m.findConfigFile(path.join(dir, 'docs', 'deep')), path.join(dir, 'docs', '.emotion-lens.json'));
  assert.equal(m.addIgnoredSentence(path.join(dir, '.emotion-lens.json'), '  Two   spaces. '), true);
  assert.equal(m.addIgnoredSentence(path.join(dir, '.emotion-lens.json'), 'Two spaces.'), false, 'already there, whitespace-normalised');
  assert.equal(m.removeLabel(path.join(dir, '.emotion-lens.json'), 'anger'), true);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, '.emotion-lens.json'), 'utf8')), {
    ignore: ['deep/*.md', 'CHANGELOG.md'], threshold: 0.5, ignoreSentences: ['Two spaces.'], labels: ['sadness', 'joy', 'love', 'fear', 'surprise'],
  });
  fs.writeFileSync(path.join(dir, '.emotion-lens.json'), '{"labels": ["anger"], }');
  assert.throws(() => m.addIgnoredSentence(path.join(dir, '.emotion-lens.json'), 'x'), /not valid JSON at line 1, column 23/, 'a broken file is never overwritten');
  const cache = new m.ConfigCache();
  assert.ok(cache.lookup(dir).error);
  fs.writeFileSync(path.join(dir, '.emotion-lens.json'), '{"labels": ["anger", "fear"]}');
  assert.deepEqual(cache.lookup(dir).config.labels, ['anger', 'fear'], 'a change on disk is seen without clearing the cache');
  assert.deepEqual(m.effectiveLabels(['anger', 'joy'], cache.lookup(dir).config), ['anger']);
  assert.equal(m.effectiveThreshold(null, { threshold: 0.4 }, 0.6), 0.4);
  assert.equal(m.effectiveThreshold(0.9, { threshold: 0.4 }, 0.6), 0.9);
});
