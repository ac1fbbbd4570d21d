/**
 * Comments of code files (behind `emotionLens.comments`): `//` and `/* *\/` for
 * the C family (TypeScript, JavaScript), `#` for Python. A small lexer that knows
 * strings, so `"// not a comment"` stays code. Comment markers and the leading
 * `*` of block-comment lines are blanked; consecutive line comments form a block.
 */
import { Prose, ProseBuilder } from './types';

type Style = 'c' | 'python';

export function commentStyle(languageId: string): Style | undefined {
  if (/^(typescript|javascript)(react)?$/.test(languageId)) return 'c';
  if (languageId === 'python') return 'python';
  return undefined;
}

export function extractComments(text: string, style: Style): Prose {
  const b = new ProseBuilder(text);
  const lineComment = (start: number, end: number) => {
    // a blank line or code between line comments ends the block
    const prev = b.openEnd;
    if (prev !== undefined && /\S/.test(text.slice(prev, start).replace(/\/\/|#/g, ''))) b.closeBlock();
    b.extend(start, end);
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' || c === "'" || (c === '`' && style === 'c')) {
      const triple = style === 'python' && text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < n && !text.startsWith(quote, i)) {
        if (text[i] === '\\') i++;
        else if (!triple && c !== '`' && text[i] === '\n') break;
        i++;
      }
      i += quote.length;
    } else if ((style === 'c' && text.startsWith('//', i)) || (style === 'python' && c === '#')) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      const bodyStart = i + (style === 'c' ? 2 : 1);
      lineComment(bodyStart, text[end - 1] === '\r' ? end - 1 : end);
      i = end;
    } else if (style === 'c' && text.startsWith('/*', i)) {
      b.closeBlock();
      let end = text.indexOf('*/', i + 2);
      if (end < 0) end = n;
      let s = i + 2;
      while (s < end) {
        let e = text.indexOf('\n', s);
        if (e < 0 || e > end) e = end;
        const lead = /^[ \t]*\*?(?!\/)/.exec(text.slice(s, e))![0].length;
        b.keep(s + lead, e);
        s = e + 1;
      }
      b.block(i + 2, end);
      i = end + 2;
    } else {
      i++;
    }
  }
  return b.build();
}
