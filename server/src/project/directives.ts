/**
 * Inline directives, as alex, Vale and ESLint have them:
 *
 *   <!-- emotion-lens-disable -->               off from here (all labels) ...
 *   <!-- emotion-lens-enable -->                ... on again
 *   <!-- emotion-lens-disable anger fear -->    off for these labels only (enable takes labels too)
 *   <!-- emotion-lens-disable-next-line -->     the sentences that start on the next line
 *   <!-- emotion-lens-disable-next-line joy -- quoting a customer -->   text after `--` is a reason
 *
 * Where they are read, by language: Markdown, HTML comments outside code (markdown-it's
 * own html_block/html_inline tokens, so a directive shown in a code fence or a code
 * span is not one); plain text, HTML comments; commit messages, HTML comments (they stay
 * in the message, so `emotion-lens commits` honours them too) and comment lines
 * (`# emotion-lens-...`, or the repository's core.commentChar; git removes those);
 * TypeScript/JavaScript `//` and block comments, Python `#` comments (the code-comment
 * lexer decides what is a comment, so a string never holds a directive); other languages,
 * a comment that starts its line (HTML and MDX comments, LaTeX `%`, `--`, `;`...).
 */
import MarkdownIt from 'markdown-it';
import { EMOTIONS, Emotion } from '../../../common/protocol';
import { commentStyle, extractComments } from '../analysis/extract/comments';
import { lineStarts } from '../analysis/extract/types';

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line';

export interface Directive {
  kind: DirectiveKind;
  /** Empty: every label. */
  labels: Emotion[];
  /** Offsets of the whole comment in the text. */
  start: number;
  end: number;
  /** Line of the comment's end (0-based): `disable-next-line` applies to the line after it. */
  endLine: number;
}

export interface DirectiveProblem {
  line: number;
  message: string;
}

const KEYWORD = /^emotion-lens-(disable-next-line|disable|enable)(?![\w-])([\s\S]*)$/;
const HTML_COMMENT = /<!--([\s\S]*?)-->/g;
const md = new MarkdownIt('default', { html: true, linkify: false });

/** Parses a comment's body; undefined when it is not a directive, a problem when it is a broken one. */
export function parseDirectiveBody(body: string): { kind: DirectiveKind; labels: Emotion[] } | { problem: string } | undefined {
  const m = KEYWORD.exec(body.trim());
  if (!m) return undefined;
  const args = m[2].split(/\s--(?:\s|$)/)[0];
  const tokens = args.split(/[\s,]+/).map((t) => t.toLowerCase()).filter(Boolean);
  const unknown = tokens.filter((t) => !(EMOTIONS as readonly string[]).includes(t));
  if (unknown.length) {
    return { problem: `emotion-lens-${m[1]}: unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (labels: ${EMOTIONS.join(', ')}; put a reason after " -- "); directive not applied` };
  }
  return { kind: m[1] as DirectiveKind, labels: [...new Set(tokens)] as Emotion[] };
}

/** The directives of a document and the broken ones. */
export function findDirectives(text: string, languageId: string, commentChar = '#'): { directives: Directive[]; problems: DirectiveProblem[] } {
  const starts = lineStarts(text);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const directives: Directive[] = [];
  const problems: DirectiveProblem[] = [];
  const add = (body: string, start: number, end: number) => {
    const parsed = parseDirectiveBody(body);
    if (!parsed) return;
    if ('problem' in parsed) problems.push({ line: lineOf(start), message: parsed.problem });
    else directives.push({ ...parsed, start, end, endLine: lineOf(Math.max(start, end - 1)) });
  };
  const htmlComments = (from = 0, to = text.length) => {
    HTML_COMMENT.lastIndex = from;
    for (let m; (m = HTML_COMMENT.exec(text)) && m.index < to; ) add(m[1], m.index, m.index + m[0].length);
  };
  switch (languageId) {
    case 'markdown':
      for (const [from, to] of markdownHtmlRegions(text, starts)) htmlComments(from, to);
      break;
    case 'plaintext':
      htmlComments();
      break;
    case 'git-commit':
    case 'scminput': {
      htmlComments();
      for (let i = 0; i < starts.length; i++) {
        const lineEnd = i + 1 < starts.length ? starts[i + 1] : text.length;
        const line = text.slice(starts[i], lineEnd).replace(/\r?\n$|\r$/, '');
        if (commentChar && line.startsWith(commentChar)) add(line.slice(commentChar.length), starts[i], starts[i] + line.length);
      }
      break;
    }
    default: {
      const style = commentStyle(languageId);
      if (!style) {
        genericComments(text, add);
        break;
      }
      // the lexer keeps comment bodies and blanks the rest: a keyword that survives is in a comment
      const masked = extractComments(text, style).masked;
      const opener = style === 'c' ? /(?:\/\/|\/\*+)[ \t]*(?=emotion-lens-)/g : /#[ \t]*(?=emotion-lens-)/g;
      for (let m; (m = opener.exec(text)); ) {
        const at = m.index + m[0].length;
        if (masked[at] !== 'e') continue;
        let end = text.indexOf('\n', at);
        if (end < 0) end = text.length;
        let body = text.slice(at, end).replace(/\r$/, '');
        let spanEnd = at + body.length;
        if (m[0].startsWith('/*')) {
          const close = body.indexOf('*/');
          if (close >= 0) {
            body = body.slice(0, close);
            spanEnd = at + close + 2;
          }
        }
        add(body, m.index, spanEnd);
      }
    }
  }
  directives.sort((a, b) => a.start - b.start);
  return { directives, problems };
}

/**
 * Other languages (HTML, MDX, LaTeX, languages added later): a directive is a comment that
 * starts its line — `<!--`, `{/*`, `/*`, `//`, `#`, `--`, `%` or `;` — so that a string in
 * code is very unlikely to hold one.
 */
function genericComments(text: string, add: (body: string, start: number, end: number) => void): void {
  const re = /^[ \t]*(<!--|\{\/\*+|\/\*+|\/\/+|#+|--|%+|;+)[ \t]*(emotion-lens-[^\r\n]*)/gm;
  for (let m; (m = re.exec(text)); ) {
    const closer = m[1].startsWith('<!--') ? '-->' : m[1].startsWith('{') ? '*/}' : m[1].startsWith('/*') ? '*/' : undefined;
    let body = m[2];
    let end = m.index + m[0].length;
    if (closer) {
      const close = body.indexOf(closer);
      if (close >= 0) {
        end -= body.length - close - closer.length;
        body = body.slice(0, close);
      }
    }
    add(body, m.index + m[0].indexOf(m[1]), end);
  }
}

/** The source regions of Markdown that are HTML (blocks, and inline HTML of paragraphs): never code. */
function markdownHtmlRegions(text: string, starts: number[]): Array<[number, number]> {
  const lineOffset = (line: number) => (line < starts.length ? starts[line] : text.length);
  const regions: Array<[number, number]> = [];
  for (const token of md.parse(text, {})) {
    if (!token.map) continue;
    if (token.type === 'html_block') regions.push([lineOffset(token.map[0]), lineOffset(token.map[1])]);
    if (token.type === 'inline' && token.children?.some((c) => c.type === 'html_inline')) {
      // find each inline comment in the source in order, skipping code spans that may show one
      let cursor = lineOffset(token.map[0]);
      const to = lineOffset(token.map[1]);
      for (const child of token.children) {
        const piece = child.type === 'code_inline' ? child.markup + child.content : child.content;
        if (!piece) continue;
        const at = text.indexOf(piece, cursor);
        if (at < 0 || at >= to) continue;
        if (child.type === 'html_inline') regions.push([at, at + piece.length]);
        cursor = at + piece.length;
      }
    }
  }
  return regions;
}

/**
 * Answers "is this sentence silenced by a directive?" for sentences given by their start
 * offset and line: the region state just before the sentence, or a disable-next-line
 * directive on the line before it.
 */
export class DirectiveIndex {
  constructor(readonly directives: Directive[]) {}

  /** True when the offset is inside a directive (masking keeps them out of sentences; this is the safety net). */
  isDirectiveText(offset: number): boolean {
    return this.directives.some((d) => d.start <= offset && offset < d.end);
  }

  /** The sentence starting at `offset` and spanning lines `startLine`..`endLine`. */
  suppresses(offset: number, startLine: number, endLine: number, label: Emotion): boolean {
    let off = new Set<Emotion>();
    for (const d of this.directives) {
      if (d.kind === 'disable-next-line') {
        // a sentence that reaches into the next line, even one that started before the directive
        if (startLine <= d.endLine + 1 && d.endLine + 1 <= endLine && (!d.labels.length || d.labels.includes(label))) return true;
      } else if (d.end <= offset) {
        if (d.kind === 'disable') for (const l of d.labels.length ? d.labels : EMOTIONS) off.add(l);
        else if (d.labels.length) for (const l of d.labels) off.delete(l);
        else off = new Set();
      }
    }
    return off.has(label);
  }
}

/**
 * The text with every directive comment blanked to spaces (line breaks kept, same
 * length): a directive is never part of a sentence, and a directive on its own line
 * ends the paragraph, so "the next line" starts a sentence as a writer expects.
 */
export function maskDirectives(text: string, directives: Directive[]): string {
  if (!directives.length) return text;
  let out = '';
  let at = 0;
  for (const d of directives) {
    if (d.start < at) continue;
    out += text.slice(at, d.start) + text.slice(d.start, d.end).replace(/[^\r\n]/g, ' ');
    at = d.end;
  }
  return out + text.slice(at);
}
