// The pure core without VS Code: prose extraction, segmentation and exact ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const __dirname_dist = require('node:path').join(require('node:path').dirname(require.resolve('../../dist/core.js')));

const sentences = (text, lang, comments = false) => {
  const prose = core.extractProse(text, lang, comments);
  return prose ? core.segmentSentences(prose) : [];
};
const texts = (text, lang, comments) => sentences(text, lang, comments).map((s) => s.text);

test('markdown: code fences, indented code, inline code, HTML and front matter are not prose', () => {
  const md = [
    '---', 'title: I am furious', '---', '',
    '# A heading here', '',
    'I am *really* angry at `this code` today. Second sentence!', '',
    '```js', 'const angry = "I hate this";', '```', '',
    '    indented code I hate', '',
    '<div>I hate html blocks</div>', '',
    'Inline <span>html</span> here.', // tags are HTML, the text between them is prose
  ].join('\n');
  // the sentence as written keeps its inline code; the model sees the prose only
  assert.deepEqual(texts(md, 'markdown'), ['A heading here', 'I am really angry at `this code` today.', 'Second sentence!', 'Inline html here.']);
  assert.deepEqual(sentences(md, 'markdown').map((s) => s.prose), ['A heading here', 'I am really angry at today.', 'Second sentence!', 'Inline html here.']);
});

test('markdown: link targets and table pipes are skipped, cells, items and quotes kept', () => {
  const md = '| Left cell | Right cell |\n|---|---|\n| I hate this | fine |\n\n> A quoted line.\n\n- An item with [a link](http://example.com/sad-angry) inside.\n- ![alt text](img.png) Image after.\n';
  assert.deepEqual(texts(md, 'markdown'), ['Left cell', 'Right cell', 'I hate this', 'fine', 'A quoted line.', 'An item with a link inside.', 'Image after.']);
});

test('every range maps back to the exact original text', () => {
  const md = 'Intro **bold** words. 😡 Astral 𝒳 chars here.\r\n\r\nCRLF paragraph one.\r\nStill one. Two!\r\n';
  for (const s of sentences(md, 'markdown')) {
    const original = md.slice(s.start, s.end);
    // the original slice, markup blanked, is the sentence text
    assert.equal(original.replace(/\*\*/g, '').replace(/\s+/g, ' '), s.text.replace(/\s+/g, ' '));
  }
  const ss = sentences(md, 'markdown');
  const mapper = new core.PositionMapper(core.lineStarts(md));
  const last = ss[ss.length - 1];
  assert.equal(last.text, 'Two!');
  assert.deepEqual(mapper.positionAt(last.start), { line: 3, character: 11 });
  assert.equal(md.slice(mapper.offsetAt({ line: 3, character: 11 }), last.end), 'Two!');
});

test('lone \\r and \\n\\r line breaks count as LSP does', () => {
  assert.deepEqual(core.lineStarts('a\rb\r\nc\nd'), [0, 2, 5, 7]);
});

test('git-commit: comments, trailers and the scissors line', () => {
  const msg = 'Fix the flaky upload test\n\nThe retry loop never ended. I am so angry about it.\n\nSigned-off-by: A Person <a@example.com>\nCo-authored-by: B <b@example.com>\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n+I hate this line\n';
  assert.deepEqual(texts(msg, 'git-commit'), ['Fix the flaky upload test', 'The retry loop never ended.', 'I am so angry about it.']);
  assert.deepEqual(texts('Subject only', 'scminput'), ['Subject only']);
});

test('plaintext paragraphs and sentences from Intl.Segmenter, abbreviations joined', () => {
  assert.deepEqual(texts('Dr. Smith arrived at 5 p.m. today. He was happy!\n\nNew paragraph', 'plaintext'), ['Dr. Smith arrived at 5 p.m. today.', 'He was happy!', 'New paragraph']);
});

test('comments: TypeScript and Python comments only when asked, strings are code', async () => {
  await core.prepareExtraction('typescript');
  await core.prepareExtraction('python');
  const ts = 'const s = "// not a comment";\n// I am furious at this hack.\n// It breaks daily.\nlet x = 1; /* block\n * comment here. */\n';
  assert.deepEqual(texts(ts, 'typescript', true), ['I am furious at this hack.', 'It breaks daily.', 'block comment here.']);
  assert.equal(core.extractProse(ts, 'typescript', false), undefined);
  const py = 's = "# not a comment"\n# Python comment here.\nx = 1  # trailing one\n';
  assert.deepEqual(texts(py, 'python', true), ['Python comment here.', 'trailing one']);
});

test('odd text never throws: empty, NUL, lone surrogates, RTL, CJK, one huge sentence', () => {
  for (const t of ['', '\u0000\u0000', 'a\ud800b. c\udc00 d.', 'مرحبا بالعالم. שלום.', '今天很高兴。我们走吧。', 'word '.repeat(10000)]) {
    for (const lang of ['plaintext', 'markdown', 'git-commit']) {
      for (const s of sentences(t, lang)) assert.ok(s.end <= t.length && s.start >= 0 && s.start < s.end);
    }
  }
  assert.equal(sentences('word '.repeat(10000), 'plaintext').length, 1);
});

test('sentences: "no." ends a sentence (but not "No. 5"); a lower-case or inline-code start begins one', () => {
  assert.deepEqual(texts('The answer was no. I am furious about it.', 'plaintext'), ['The answer was no.', 'I am furious about it.']);
  assert.deepEqual(texts('See No. 5 and fig. 3 for more. We did etc. and so on.', 'plaintext'), ['See No. 5 and fig. 3 for more.', 'We did etc. and so on.']);
  assert.deepEqual(texts('It failed. then I left. Use e.g. a tool at 5 p.m. today.', 'plaintext'), ['It failed.', 'then I left.', 'Use e.g. a tool at 5 p.m. today.']);
  const md = 'Run the tests. `npm test` fails. Version 1.2. next is fine.';
  assert.deepEqual(texts(md, 'markdown'), ['Run the tests.', '`npm test` fails.', 'Version 1.2. next is fine.']);
  const s = sentences(md, 'markdown')[1];
  assert.deepEqual([s.start, s.end, s.prose], [15, 32, 'fails.']);
});

test('sentences as written: markup closes up, code and URLs stay visible, the model sees prose', () => {
  const md = 'In untrusted workspaces (`limited`), `model` is *ignored*. See <https://example.com/x> or https://example.com/y.';
  const got = sentences(md, 'markdown');
  assert.deepEqual(got.map((s) => s.text), ['In untrusted workspaces (`limited`), `model` is ignored.', 'See or https://example.com/y.']);
  assert.deepEqual(got.map((s) => s.prose), ['In untrusted workspaces (), is ignored.', 'See or .']);
});

test('MDX that does not parse yet (mid-edit) is read as Markdown without its import/export lines', () => {
  const mdx = 'import X from "./x"\n\nI am typing a { brace here.\n';
  assert.deepEqual(texts(mdx, 'mdx'), ['I am typing a { brace here.']);
});

test('HTML: block elements end sentences, inline ones do not; a table, unclosed tags', () => {
  const html = '<table><tr><td>First cell</td><td>Second <b>bold</b> cell</td></tr></table><p>Unclosed paragraph<p>Next one';
  assert.deepEqual(texts(html, 'html'), ['First cell', 'Second bold cell', 'Unclosed paragraph', 'Next one']);
});

test('the bundle and what the .vsix puts beside it, no node_modules: AsciiDoc and the comments of every code language are read', (t) => {
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'el-bundle-alone-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.copyFileSync(require.resolve('../../dist/core.js'), path.join(dir, 'core.js'));
  fs.copyFileSync(path.join(__dirname_dist, 'asciidoctor.js'), path.join(dir, 'asciidoctor.js'));
  fs.cpSync(path.join(__dirname_dist, 'grammars'), path.join(dir, 'grammars'), { recursive: true });
  // one comment per code language of the table, in its own comment syntax
  const samples = { asciidoc: '= Title\n\nI am so angry about this.\n', ...Object.fromEntries(core.LANGUAGES.filter((l) => l.extractor === 'comments').map((l) => {
    const marker = ['python', 'ruby', 'shellscript'].includes(l.id) ? '#' : l.id === 'lua' ? '--' : '//';
    return [l.id, `${l.id === 'php' ? '<?php\n' : ''}${marker} I am so angry about this.\n`];
  })) };
  const script = `
    const core = require(${JSON.stringify(path.join(dir, 'core.js'))});
    const analyzer = new core.Analyzer(async (texts) => texts.map(() => ({ label: 'anger', score: 0.9, scores: { sadness: 0, joy: 0, love: 0, anger: 0.9, fear: 0, surprise: 0 }, neutral: 0.1 })));
    const settings = { labels: [], comments: true, maxDocumentSize: 1e6 };
    const samples = ${JSON.stringify(samples)};
    (async () => {
      const out = {};
      for (const [languageId, text] of Object.entries(samples)) {
        const r = await analyzer.analyze(text, { languageId, settings, threshold: 0.5 });
        out[languageId] = r.kind === 'done' ? r.sentences.map((s) => s.text) : r.reason;
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const out = JSON.parse(require('node:child_process').execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' }));
  assert.ok(Object.keys(samples).length >= 16);
  for (const id of Object.keys(samples)) assert.deepEqual(out[id], id === 'asciidoc' ? ['Title', 'I am so angry about this.'] : ['I am so angry about this.'], id);
});

test('code comments: a parser that cannot load is an error the analyzer reports', async () => {
  const { setAssetReader } = core;
  const analyzer = new core.Analyzer(async () => []);
  setAssetReader(async (name) => {
    throw new Error(`no ${name} here`);
  });
  try {
    const r = await analyzer.analyze('-- a comment\n', { languageId: 'lua', settings: { labels: [], comments: true, maxDocumentSize: 1e6 }, threshold: 0.5 });
    // lua may already be loaded by an earlier test in this process; then it simply works
    if (r.kind === 'skipped') assert.match(r.reason, /cannot read lua here: its parser did not load \(no tree-sitter-lua\.wasm here\)/);
    else assert.equal(r.kind, 'done');
  } finally {
    setAssetReader((name) => require('node:fs').promises.readFile(require('node:path').join(__dirname_dist, 'grammars', name)));
  }
});

test('a long paragraph is segmented in pieces with the same sentences, an abbreviation at a cut included', () => {
  // Intl.Segmenter costs grow with the square of a paragraph's length, so long blocks are cut
  // at sentence ends; "Dr. Smith" sits right where the first cut is looked for
  const parts = [];
  let length = 0;
  for (let i = 0; length < 4090; i++) {
    parts.push(`Sentence number ${i} is here.`);
    length += parts.at(-1).length + 1;
  }
  parts.push('We met Dr. Smith at noon.', 'It went well.');
  for (let i = 0; i < 300; i++) parts.push(`Closing sentence ${i} follows.`);
  const text = parts.join(' ');
  assert.ok(text.length > 3 * 4096);
  assert.deepEqual(texts(text, 'plaintext'), parts);
});

test('grammars loaded at the same time all work (web-tree-sitter links one at a time)', () => {
  // a fresh process: nothing loaded yet; the CLI reads ahead, so several loads start together
  const dir = require('node:path').join(__dirname_dist, '..', 'test', 'fixtures', 'languages');
  const files = ['typescriptreact.tsx', 'typescript.ts', 'go.go', 'shellscript.sh', 'lua.lua', 'python.py'];
  const script = `
    const core = require(${JSON.stringify(require.resolve('../../dist/core.js'))});
    const fs = require('fs'), path = require('path');
    const files = ${JSON.stringify(files)};
    const langs = files.map((f) => core.languageOfFileName(f));
    Promise.all(langs.map((l) => core.prepareExtraction(l))).then(() => {
      process.stdout.write(JSON.stringify(files.map((f, i) => core.segmentSentences(core.extractProse(fs.readFileSync(path.join(${JSON.stringify(dir)}, f), 'utf8'), langs[i], true)).length)));
    });`;
  const counts = JSON.parse(require('node:child_process').execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  const expected = JSON.parse(require('node:fs').readFileSync(require('node:path').join(dir, 'expected.json'), 'utf8'));
  assert.deepEqual(counts, files.map((f) => expected[f].sentences.length));
});
