// `emotion-lens check` on real files, folders, globs and repositories: what is read, what is
// skipped and why, the project config, the output formats (SARIF validated against its schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ANGRY, NEUTRAL, ROOT, run, tempDir, tempRepo, write } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('Markdown: the same angry sentence in a code fence and a paragraph gives one result; text, JSON and --fail-on', (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'notes.md', `# Notes\n\n\`\`\`\n${ANGRY}\n\`\`\`\n\n${ANGRY}\n\n${NEUTRAL}\n`);
  const r = run(['check', '--json', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files[0].language, 'markdown');
  const sentences = out.files[0].sentences;
  const flagged = sentences.filter((s) => s.flagged);
  assert.equal(flagged.length, 1);
  assert.deepEqual([flagged[0].label, flagged[0].top], ['anger', 'anger']);
  assert.equal(flagged[0].range.start.line, 6);
  for (const s of sentences.filter((x) => !x.flagged)) assert.equal(s.label, 'neutral');
  for (const key of ['range', 'text', 'label', 'top', 'score', 'scores', 'flagged']) assert.ok(key in flagged[0], key);
  const text = run(['check', 'notes.md'], '', { cwd: dir });
  assert.match(text.stdout, /^notes\.md:7:1 {2}anger \d+% {2}I am so angry/m);
  assert.match(text.stdout, /3 sentences in 1 file: 1 anger, 2 neutral\n$/);
  assert.equal(run(['check', '--quiet', file]).stdout.split('\n').filter(Boolean).length, 1);
  assert.equal(run(['check', '--fail-on', 'anger,fear', file]).status, 1);
  assert.equal(run(['check', '--fail-on', 'joy', file]).status, 0);
  assert.equal(run(['check', '--fail-on', 'anger', '--labels', 'joy', file]).status, 0, '--labels: anger is not flagged');
  assert.equal(run(['check', '--fail-on', 'anger', '--threshold', '1', file]).status, 0, 'nothing reaches 100%');
  const stdin = run(['check', '--fail-on', 'anger', '-'], ANGRY);
  assert.equal(stdin.status, 1);
  assert.match(stdin.stdout, /^<stdin>:1:1 {2}anger/m);
});

test('folders honour nested .gitignore files, negation, .git/info/exclude and the config ignore list; globs too', (t) => {
  const { dir } = tempRepo(t);
  write(dir, '.gitignore', 'build/\n*.draft.md\n!keep.draft.md\n');
  write(dir, 'docs/.gitignore', 'private.md\n');
  write(dir, '.git/info/exclude', 'local.md\n');
  write(dir, '.emotion-lens.json', JSON.stringify({ ignore: ['CHANGELOG.md', 'legal/'] }));
  for (const f of ['README.md', 'docs/guide.md', 'docs/notes.txt', 'keep.draft.md', 'build/out.md', 'a.draft.md', 'docs/private.md', 'local.md',
    'CHANGELOG.md', 'legal/terms.md', 'node_modules/pkg/README.md', 'docs/code.ts', '.github/PULL_REQUEST_TEMPLATE.md']) {
    write(dir, f, `${ANGRY}\n`);
  }
  const checked = (r) => JSON.parse(r.stdout).files.map((f) => f.file).sort();
  const all = run(['check', '--json', '.'], '', { cwd: dir });
  assert.equal(all.status, 0, all.stderr);
  assert.deepEqual(checked(all), ['.github/PULL_REQUEST_TEMPLATE.md', 'README.md', 'docs/guide.md', 'docs/notes.txt', 'keep.draft.md']);
  const glob = run(['check', '--json', 'docs/**/*'], '', { cwd: dir });
  assert.equal(glob.status, 0, glob.stderr);
  assert.deepEqual(checked(glob), ['docs/code.ts', 'docs/guide.md', 'docs/notes.txt'], 'a glob takes any file it matches, less the ignored ones');
  // a file named on the command line is checked even if .gitignore matches it; the config's ignore always applies
  const named = run(['check', '--json', 'build/out.md', 'CHANGELOG.md'], '', { cwd: dir });
  assert.deepEqual(checked(named), ['build/out.md']);
  assert.match(named.stderr, /^emotion-lens: skipped CHANGELOG\.md: ignored by \.emotion-lens\.json$/m);
  const sub = run(['check', '--json', 'docs'], '', { cwd: path.join(dir) });
  assert.deepEqual(checked(sub), ['docs/guide.md', 'docs/notes.txt'], 'the root .gitignore applies to a sub-folder walk');
});

test('binary files are skipped with a note; UTF-8 with BOM and UTF-16 with BOM are read; Latin-1 gets a note; one unreadable file does not stop the run', (t) => {
  const dir = tempDir(t);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(2000, 0), Buffer.from('I am so angry')]);
  fs.writeFileSync(path.join(dir, 'img.png'), png);
  fs.writeFileSync(path.join(dir, 'bom.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${ANGRY}\n`)]));
  fs.writeFileSync(path.join(dir, 'utf16le.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${ANGRY}\n`, 'utf16le')]));
  const be = Buffer.from(`${ANGRY}\n`, 'utf16le');
  be.swap16();
  fs.writeFileSync(path.join(dir, 'utf16be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  fs.writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from('Le café était très, très mauvais. Je suis furieux contre ce résultat.\n', 'latin1'));
  const r = run(['check', '--json', 'img.png', 'bom.md', 'utf16le.txt', 'utf16be.txt', 'latin1.txt'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.files.map((f) => f.file), ['bom.md', 'utf16le.txt', 'utf16be.txt']);
  for (const f of out.files) {
    assert.equal(f.sentences.length, 1, f.file);
    assert.equal(f.sentences[0].text, ANGRY, f.file);
    assert.deepEqual(f.sentences[0].range.start, { line: 0, character: 0 }, f.file);
  }
  assert.match(r.stderr, /^emotion-lens: skipped img\.png: binary file$/m);
  assert.match(r.stderr, /^emotion-lens: skipped latin1\.txt: not UTF-8 \(looks like ISO-8859-1\); convert it to UTF-8/m);
  assert.doesNotMatch(r.stdout, /caf\uFFFD|\uFFFD/);
  // only a binary: nothing could be read, exit 3
  const png1 = run(['check', 'img.png'], '', { cwd: dir });
  assert.equal(png1.status, 3);
  assert.match(png1.stderr, /skipped img\.png: binary file\nemotion-lens: no input could be read\n$/);
  // a file the kernel refuses to read (root reads any mode, so /proc/self/mem): reported, the rest still checked
  if (fs.existsSync('/proc/self/mem')) {
    const io = run(['check', '--fail-on', 'anger', '/proc/self/mem', 'bom.md'], '', { cwd: dir });
    assert.equal(io.status, 1, io.stderr);
    assert.match(io.stderr, /^emotion-lens: skipped \/proc\/self\/mem: cannot read it \(EIO\)$/m);
    assert.match(io.stdout, /^bom\.md:1:1 {2}anger/m);
  }
});

test('text output escapes terminal control sequences in sentences and file names', (t) => {
  const dir = tempDir(t);
  write(dir, 'evil\u001b[2J.txt', `${ANGRY} \u001b]0;pwned\u0007 \u001b[2J Gone.\n`);
  const r = run(['check', '--all', '.'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /\u001b|\u0007/);
  assert.match(r.stdout, /evil\\x1b\[2J\.txt:1:1/);
  assert.match(r.stdout, /\\x1b\]0;pwned\\x07/);
});

test('.emotion-lens.json: nearest file wins; labels, threshold and ignoreSentences; a broken file is exit 2 in one line', (t) => {
  const { dir } = tempRepo(t);
  write(dir, 'README.md', `${ANGRY}\n\nI am so angry and furious at this broken build.\n`);
  write(dir, 'sub/notes.md', `${ANGRY}\n`);
  write(dir, '.emotion-lens.json', JSON.stringify({ ignoreSentences: [`  I am so angry and furious   that this broke again. `] }));
  let r = run(['check', '--json', '--fail-on', 'anger', 'README.md'], '', { cwd: dir });
  assert.equal(r.status, 1);
  const [first, second] = JSON.parse(r.stdout).files[0].sentences;
  assert.deepEqual([first.flagged, first.label, first.suppressed, first.top], [false, 'neutral', 'ignoreSentences', 'anger']);
  assert.deepEqual([second.flagged, second.label], [true, 'anger']);
  // sub/ has its own config: the root's ignoreSentences does not apply there
  write(dir, 'sub/.emotion-lens.json', JSON.stringify({ labels: ['joy', 'fear'] }));
  r = run(['check', '--json', '--fail-on', 'anger', 'sub/notes.md'], '', { cwd: dir });
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout).files[0].labels, ['joy', 'fear']);
  assert.equal(run(['check', '--fail-on', 'anger', '--no-config', 'sub/notes.md'], '', { cwd: dir }).status, 1);
  assert.equal(run(['check', '--fail-on', 'anger', '--labels', 'anger', 'sub/notes.md'], '', { cwd: dir }).status, 1, '--labels beats the config');
  write(dir, 'strict.json', JSON.stringify({ threshold: 1 }));
  assert.equal(run(['check', '--fail-on', 'anger', '--config', 'strict.json', 'README.md'], '', { cwd: dir }).status, 0);
  for (const [content, message] of [
    ['{"labels": ["anger",]}', /^emotion-lens: .*\.emotion-lens\.json: not valid JSON at line 1, column 21/],
    ['{"threshold": 2}', /"threshold" must be a number from 0 to 1/],
    ['{"labels": ["grumpy"], "ignored": []}', /unknown label "grumpy".*unknown key "ignored"|unknown key "ignored".*unknown label "grumpy"/],
    ['[]', /must be a JSON object/],
  ]) {
    write(dir, '.emotion-lens.json', content);
    r = run(['check', 'README.md'], '', { cwd: dir });
    assert.equal(r.status, 2, content);
    assert.match(r.stderr, message, content);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stdout, '');
  }
});

test('inline directives in every supported language (and not in code)', (t) => {
  const dir = tempDir(t);
  const cases = {
    'a.md': `<!-- emotion-lens-disable-next-line -->\n${ANGRY}\n\n\`\`\`html\n<!-- emotion-lens-disable -->\n\`\`\`\n\nThis is \`<!-- emotion-lens-disable -->\` in code.\n\n${ANGRY}\n`,
    'b.md': `<!-- emotion-lens-disable -->\n\n${ANGRY}\n\n<!-- emotion-lens-enable -->\n\n${ANGRY}\n\n<!-- emotion-lens-disable joy -- quoting the changelog -->\n${ANGRY}\n`,
    'c.txt': `<!-- emotion-lens-disable anger -->\n${ANGRY}\n<!-- emotion-lens-enable anger -->\n${ANGRY}\n`,
    COMMIT_EDITMSG: `Bump lodash\n\n# emotion-lens-disable-next-line\n${ANGRY}\n<!-- emotion-lens-disable-next-line -->\n${ANGRY}\n${ANGRY}\n`,
    'd.ts': `// emotion-lens-disable-next-line\n// ${ANGRY}\nconst s = "// emotion-lens-disable";\n// ${ANGRY}\n/* emotion-lens-disable */\n/** ${ANGRY} */\n`,
    'e.js': `/* emotion-lens-disable-next-line anger */\n// ${ANGRY}\n// ${ANGRY}\n`,
    'f.py': `# emotion-lens-disable-next-line\n# ${ANGRY}\ns = "# emotion-lens-disable"\n# ${ANGRY}\n`,
    'g.tsx': `// emotion-lens-disable-next-line fear\n// ${ANGRY}\n`,
  };
  for (const [f, c] of Object.entries(cases)) write(dir, f, c);
  const r = run(['check', '--json', ...Object.keys(cases)], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const flaggedLines = Object.fromEntries(JSON.parse(r.stdout).files.map((f) => [f.file, f.sentences.filter((s) => s.flagged).map((s) => s.range.start.line + 1)]));
  const silenced = Object.fromEntries(JSON.parse(r.stdout).files.map((f) => [f.file, f.sentences.filter((s) => s.suppressed === 'directive').map((s) => s.range.start.line + 1)]));
  assert.deepEqual(flaggedLines, { 'a.md': [10], 'b.md': [7, 10], 'c.txt': [4], COMMIT_EDITMSG: [7], 'd.ts': [4], 'e.js': [3], 'f.py': [4], 'g.tsx': [2] });
  assert.deepEqual(silenced, { 'a.md': [2], 'b.md': [3], 'c.txt': [2], COMMIT_EDITMSG: [4, 6], 'd.ts': [2, 6], 'e.js': [2], 'f.py': [2], 'g.tsx': [] });
  // the directive itself is not a sentence (a code span that shows one may be part of one)
  assert.ok(!JSON.parse(r.stdout).files.some((f) => f.sentences.some((s) => /^emotion-lens-/.test(s.text))));
  // a directive with an unknown label is not applied, and says why
  write(dir, 'bad.md', `<!-- emotion-lens-disable-next-line angr -->\n${ANGRY}\n`);
  const bad = run(['check', '--fail-on', 'anger', 'bad.md'], '', { cwd: dir });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^emotion-lens: bad\.md:1: emotion-lens-disable-next-line: unknown label "angr"/m);
});

/** ajv for the SARIF 2.1.0 schema (draft-04), vendored from the npm package @microsoft/jest-sarif. */
function sarifValidator() {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  // the schema's patterns are not valid with the u flag (ajv's default)
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8')));
}

test('--format sarif: valid SARIF 2.1.0, one result per flagged sentence, ruleId the emotion, 1-based regions relative to the repository', (t) => {
  const { dir } = tempRepo(t);
  write(dir, 'docs/a b.md', `# Title\n\n${NEUTRAL} ${ANGRY}\n`);
  write(dir, 'docs/c.md', `${NEUTRAL}\n`);
  const validate = sarifValidator();
  const r = run(['check', '--format', 'sarif', '--fail-on', 'anger', '.'], '', { cwd: path.join(dir, 'docs') });
  assert.equal(r.status, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 1));
  const results = log.runs[0].results;
  // one result per flagged sentence: the same count as the JSON report
  const json = JSON.parse(run(['check', '--json', '.'], '', { cwd: path.join(dir, 'docs') }).stdout);
  assert.equal(results.length, json.files.flatMap((f) => f.sentences).filter((x) => x.flagged).length);
  const res = results.find((x) => x.message.text.endsWith(ANGRY));
  assert.equal(res.ruleId, 'anger');
  assert.equal(log.runs[0].tool.driver.rules[res.ruleIndex].id, 'anger');
  assert.equal(res.level, 'error');
  const loc = res.locations[0].physicalLocation;
  assert.deepEqual(loc.artifactLocation, { uri: 'docs/a%20b.md', uriBaseId: '%SRCROOT%' });
  assert.deepEqual([loc.region.startLine, loc.region.startColumn, loc.region.endLine, loc.region.endColumn], [3, NEUTRAL.length + 2, 3, NEUTRAL.length + 2 + ANGRY.length]);
  assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, `file://${dir}/`);
  // a negative control: the validator does reject a broken log
  assert.ok(!validate({ ...log, version: '2.0.0' }));
  // an empty run is valid too
  const empty = run(['check', '--format', 'sarif', 'docs/c.md'], '', { cwd: dir });
  assert.equal(empty.status, 0);
  assert.ok(validate(JSON.parse(empty.stdout)));
  assert.equal(JSON.parse(empty.stdout).runs[0].results.length, 0);
});

test('--format github: workflow commands with file, line and column, properties and data escaped', (t) => {
  const { dir } = tempRepo(t);
  write(dir, 'docs/x,y:z.md', `${NEUTRAL}\n\n100% sure: ${ANGRY}\n`);
  const r = run(['check', '--format', 'github', '--fail-on', 'fear', 'docs'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  const sentence = `100% sure: ${ANGRY}`;
  assert.equal(lines[0], `::notice file=docs/x%2Cy%3Az.md,line=3,endLine=3,col=1,endColumn=${1 + sentence.length},title=Emotion Lens%3A anger ${lines[0].match(/anger (\d+)%25/)[1]}%25::100%25 sure: ${ANGRY}`);
  assert.match(lines[1], /^2 sentences in 1 file: 1 anger, 1 neutral$/);
  const err = run(['check', '--format', 'github', '--fail-on', 'anger', 'docs'], '', { cwd: dir });
  assert.equal(err.status, 1);
  assert.match(err.stdout, /^::error file=docs\/x%2Cy%3Az\.md,/);
});

test('a folder gives the prose formats read by default (the language table), not code, HTML or other files', (t) => {
  const dir = tempDir(t);
  const files = {
    'guide.md': `${ANGRY}\n`, 'notes.txt': `${ANGRY}\n`, 'page.mdx': `${ANGRY}\n`, 'paper.tex': `${ANGRY}\n`,
    'todo.org': `${ANGRY}\n`, 'index.rst': `${ANGRY}\n`, 'manual.adoc': `${ANGRY}\n`,
    'main.py': `# ${ANGRY}\n`, 'site.html': `<p>${ANGRY}</p>\n`, 'data.json': '{}\n',
  };
  for (const [f, c] of Object.entries(files)) write(dir, f, c);
  const r = run(['check', '--json', '.'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const found = JSON.parse(r.stdout).files.map((f) => [f.file, f.language, f.sentences.length]);
  assert.deepEqual(found, [
    ['guide.md', 'markdown', 1], ['index.rst', 'restructuredtext', 1], ['manual.adoc', 'asciidoc', 1], ['notes.txt', 'plaintext', 1],
    ['page.mdx', 'mdx', 1], ['paper.tex', 'latex', 1], ['todo.org', 'org', 1],
  ]);
});
