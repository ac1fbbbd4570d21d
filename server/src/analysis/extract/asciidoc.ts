/**
 * AsciiDoc through Asciidoctor.js (@asciidoctor/core, the reference implementation
 * compiled to JavaScript), parsed with `sourcemap` so every block knows its line:
 * the document and section titles, paragraphs, admonitions, list items, description
 * list terms and descriptions, quotes and verses, and the blocks inside examples,
 * sidebars and open blocks are prose; listings, literals, passthroughs, math,
 * comments, attributes, images and tables are not. Asciidoctor gives blocks, not
 * inline positions: each block's source lines are found in the text from its line,
 * and inline code, passthroughs, attribute references and macro targets are marked
 * within them (shown in the sentence, not judged; a link keeps its text).
 *
 * The parser ships with the extension (in Node its own file beside the bundle, esbuild.mjs;
 * in the web worker inside its script) and starts the first time an AsciiDoc document is
 * read: the require below stays inside the function, so its Opal runtime costs nothing until then.
 */
import { lineStarts, Prose, ProseBuilder } from './types';

interface AdocNode {
  getContext(): string;
  getLineNumber(): number | undefined;
  getSourceLines?(): string[];
  getBlocks(): AdocNode[];
  getItems?(): unknown[];
  /** A list item's raw text (Opal instance variable). */
  text?: string;
  hasHeader?(): boolean;
}
interface Asciidoctor {
  load(text: string, options: Record<string, unknown>): AdocNode;
}

let processor: Asciidoctor | undefined;

/** Starts Asciidoctor.js once; rejects with the reason when it cannot start. */
export async function loadAsciidoctor(): Promise<void> {
  if (processor) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('@asciidoctor/core') as { default?: unknown };
  const factory = mod.default ?? mod;
  if (typeof factory !== 'function') throw new Error('the AsciiDoc parser (@asciidoctor/core) did not load: its module exports no factory');
  processor = (factory as () => Asciidoctor)();
}

export function asciidoctorLoaded(): boolean {
  return processor !== undefined;
}

/** Blocks whose source lines are prose. */
const PROSE = new Set(['paragraph', 'admonition', 'verse']);
/** Blocks whose children may hold prose. */
const CONTAINERS = new Set(['document', 'section', 'preamble', 'admonition', 'example', 'sidebar', 'quote', 'open']);
const LISTS = new Set(['ulist', 'olist', 'colist']);
/**
 * Inline spans within a prose line: code and passthroughs, attribute references and
 * macros (shown, not judged); a URL or macro with [text] keeps the text; comments go.
 */
const INLINE = /(`+)[^`]+?\1|\+\+\+.*?\+\+\+|\+[^+\s][^+]*\+|\{[\w-]+\}|(?:https?|ftp|mailto|irc):[^\s[\]]+(?=\[)|(?:link|xref|mailto|image|footnote|kbd|btn|menu|pass|stem|latexmath|asciimath|anchor|indexterm2?):[^\s[\]]*(?=\[)|<<[^>]*>>/g;

export function extractAsciidoc(text: string): Prose | undefined {
  if (!processor) return undefined;
  const doc = processor.load(text, { sourcemap: true, safe: 'secure', attributes: { 'skip-front-matter': '' } });
  const starts = lineStarts(text);
  const b = new ProseBuilder(text);
  const lineAt = (n: number | undefined) => (n && n >= 1 && n <= starts.length ? starts[n - 1] : undefined);
  const lineText = (n: number) => {
    const s = starts[n - 1];
    const e = n < starts.length ? starts[n] : text.length;
    return text.slice(s, e).replace(/\r?\n$/, '');
  };

  /** Keeps the raw lines of a block, found in order from its first line. */
  const keepLines = (lines: string[], from: number | undefined) => {
    let cursor = from;
    if (cursor === undefined) return;
    b.closeBlock();
    for (const line of lines) {
      if (!line.trim()) continue;
      const at = text.indexOf(line, cursor);
      // a line not where the map says (a substitution changed it): the block is left out
      if (at < 0 || at - cursor > 200 + line.length) break;
      keepInline(at, at + line.length);
      cursor = at + line.length;
    }
    b.closeBlock();
  };
  const keepInline = (start: number, end: number) => {
    const line = text.slice(start, end);
    let at = 0;
    for (const m of line.matchAll(INLINE)) {
      b.extend(start + at, start + m.index!);
      const token = m[0];
      if (/^(?:https?|ftp|mailto|irc|link|xref):/.test(token) || token.startsWith('<<')) {
        // the link's own words come from the [text] after it (kept as prose) or from <<id,text>>
        const comma = token.startsWith('<<') ? token.indexOf(',') : -1;
        if (comma > 0) b.extend(start + m.index! + comma + 1, start + m.index! + token.length - 2);
      } else if (/^(?:image|footnote|kbd|btn|menu|pass|stem|latexmath|asciimath|anchor|indexterm2?):/.test(token)) {
        // the macro and its [...] argument are not words of the sentence
        const close = line.indexOf(']', m.index! + token.length);
        at = close < 0 ? m.index! + token.length : close + 1;
        continue;
      } else {
        b.extend(start + m.index!, start + m.index! + token.length);
        b.inline(start + m.index!, start + m.index! + token.length);
      }
      at = m.index! + token.length;
    }
    // the brackets of a link's [text] close up around its words
    b.extend(start + at, end);
  };
  const title = (n: number | undefined) => {
    if (n === undefined || lineAt(n) === undefined) return;
    const m = /^(=+|#+)\s+(.*?)\s*$/.exec(lineText(n));
    if (!m) return;
    const s = starts[n - 1] + m[0].indexOf(m[2], m[1].length);
    b.closeBlock();
    keepInline(s, s + m[2].length);
    b.closeBlock();
  };

  const walk = (node: AdocNode, depth: number): void => {
    if (depth > 64) return;
    const ctx = node.getContext();
    if (ctx === 'section') title(node.getLineNumber());
    if (PROSE.has(ctx) && node.getSourceLines) keepLines(node.getSourceLines(), lineAt(node.getLineNumber()));
    if (LISTS.has(ctx)) {
      for (const item of (node.getItems?.() ?? []) as AdocNode[]) {
        keepLines((item.text ?? '').split('\n'), lineAt(item.getLineNumber()));
        for (const child of item.getBlocks()) walk(child, depth + 1);
      }
    } else if (ctx === 'dlist') {
      for (const [terms, description] of (node.getItems?.() ?? []) as Array<[AdocNode[], AdocNode | undefined]>) {
        for (const term of terms) keepLines((term.text ?? '').split('\n'), lineAt(term.getLineNumber()));
        if (description) {
          keepLines((description.text ?? '').split('\n'), lineAt(description.getLineNumber()));
          for (const child of description.getBlocks()) walk(child, depth + 1);
        }
      }
    } else if (CONTAINERS.has(ctx)) {
      for (const child of node.getBlocks()) walk(child, depth + 1);
    }
  };
  // the document title: the header's "= Title" line (the header has no block of its own)
  if (doc.hasHeader?.()) {
    const header = text.slice(0, starts[Math.min(starts.length, 40) - 1] ?? 0).split('\n').findIndex((l) => /^=\s+\S/.test(l));
    if (header >= 0) title(header + 1);
  }
  walk(doc, 0);
  return b.build({ urls: true });
}
