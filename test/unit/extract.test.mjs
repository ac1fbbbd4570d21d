// The pure core without VS Code: prose extraction, segmentation and exact ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

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
  assert.deepEqual(texts(md, 'markdown'), ['A heading here', 'I am really angry at today.', 'Second sentence!', 'Inline html here.']);
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

test('comments: TypeScript and Python comments only when asked, strings are code', () => {
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
