/**
 * LaTeX through @unified-latex's parser (a PEG grammar that knows the argument
 * signatures of the common LaTeX and CTAN macros) and its token positions: words
 * and the text arguments of sectioning, emphasis, caption and footnote macros are
 * prose; math, the arguments of every other macro (\cite, \ref, \label,
 * \usepackage...), comments, verbatim and code environments are not. Paragraph
 * breaks, sectioning and \item end sentences.
 */
import { parse } from '@unified-latex/unified-latex-util-parse';
import { LruCache } from '../cache';
import { extractChunked, lines, Prose, ProseBuilder } from './types';

interface LNode {
  type: string;
  content?: string | LNode[];
  env?: string;
  args?: Array<{ content: LNode[] }>;
  position?: { start: { offset: number }; end: { offset: number } };
}

/** Macros whose last argument is prose that runs on in the sentence. */
const INLINE_TEXT = new Set(['emph', 'textbf', 'textit', 'textsl', 'textsc', 'textup', 'textrm', 'textsf', 'textmd', 'textnormal', 'underline', 'uline', 'mbox', 'enquote', 'textquote']);
/** Macros whose last argument is prose of its own (a heading, a caption, a note). */
const BLOCK_TEXT = new Set(['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'caption', 'footnote', 'marginpar', 'title', 'subtitle', 'thanks']);
/** Macros that end a sentence block. */
const BREAK = new Set(['item', 'par', 'newline', '\\', 'maketitle', 'tableofcontents', 'bibliography', 'noindent', 'medskip', 'bigskip', 'smallskip', 'newpage', 'clearpage']);
/** Environments that hold no prose. */
const SKIP_ENV = new Set([
  'equation', 'equation*', 'align', 'align*', 'gather', 'gather*', 'multline', 'multline*', 'eqnarray', 'eqnarray*', 'flalign', 'flalign*', 'alignat', 'alignat*', 'math', 'displaymath',
  'verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment', 'tikzpicture', 'pgfpicture', 'tabular', 'tabular*', 'tabularx', 'longtable', 'array', 'filecontents', 'thebibliography',
]);

const cache = new LruCache<string, Prose>(5000);

/**
 * The parser takes about 40 ms per kB on a busy machine, so the document is parsed in
 * chunks that end at blank lines outside every environment and group (where nothing
 * spans them), each cached by its text: an edit re-parses one paragraph.
 */
function chunks(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  let depth = 0;
  for (const line of lines(text)) {
    const code = line.text.replace(/(?<!\\)%.*$/, '').replace(/\\[{}]/g, '');
    if (!code.trim()) {
      if (depth === 0 && line.start > start) {
        out.push([start, line.start]);
        start = line.start;
      }
      continue;
    }
    // environments opened minus closed, plus braces opened minus closed (those of \begin{x} balance)
    const count = (re: RegExp) => code.match(re)?.length ?? 0;
    // (the document environment spans everything: it does not count)
    depth += count(/\\begin\s*\{(?!document\})/g) - count(/\\end\s*\{(?!document\})/g) + count(/\{/g) - count(/\}/g);
    if (depth < 0) depth = 0;
  }
  out.push([start, text.length]);
  return out;
}

export function extractLatex(text: string): Prose {
  return extractChunked(text, chunks(text), extractChunk, cache);
}

function extractChunk(text: string): Prose {
  const b = new ProseBuilder(text);
  /** Shown in the sentence as written, not judged (only inside running text). */
  const asWritten = (start: number, end: number, opens = false) => {
    if (b.openEnd === undefined && !opens) return;
    while (end > start && /\s/.test(text[end - 1])) end--;
    b.extend(start, end);
    b.inline(start, end);
  };
  const walk = (nodes: LNode[]): void => {
    for (const [i, node] of nodes.entries()) {
      const pos = node.position;
      // in a chunk, \begin{document} and \end{document} have no partner: a macro and a group
      const prev = nodes[i - 1];
      if (node.type === 'group' && prev?.type === 'macro' && (prev.content === 'begin' || prev.content === 'end')) continue;
      switch (node.type) {
        case 'string':
          // "~" is a tie, "&" a cell separator: spacing, not words
          if (!pos) break;
          if (/^[~&]+$/.test(node.content as string)) asWritten(pos.start.offset, pos.end.offset);
          else b.extend(pos.start.offset, pos.end.offset);
          break;
        case 'whitespace':
          if (pos && b.openEnd !== undefined) b.extend(pos.start.offset, pos.end.offset);
          break;
        case 'parbreak':
          b.closeBlock();
          break;
        case 'group':
          walk(node.content as LNode[]);
          break;
        case 'macro': {
          const name = node.content as string;
          const last = node.args?.[node.args.length - 1];
          if (INLINE_TEXT.has(name) && last) walk(last.content);
          else if ((BLOCK_TEXT.has(name) || name === 'item') && last) {
            // in lists the parser may attach an item's body as its last argument
            b.closeBlock();
            walk(last.content);
            b.closeBlock();
          } else if (BREAK.has(name)) b.closeBlock();
          else if (pos) {
            // \cite{x}, \ref{y}: the parser gives no argument positions, so the macro
            // runs up to the next node's start
            const next = nodes[i + 1]?.position;
            if (next) asWritten(pos.start.offset, next.start.offset);
          }
          break;
        }
        case 'environment':
        case 'mathenv':
          b.closeBlock();
          if (node.type === 'environment' && !SKIP_ENV.has(node.env ?? '')) walk(node.content as LNode[]);
          b.closeBlock();
          break;
        case 'inlinemath':
          // shown in the sentence as written, not judged
          if (pos) asWritten(pos.start.offset, pos.end.offset, true);
          break;
        case 'displaymath':
          b.closeBlock();
          break;
        // comment, verb, verbatim: not prose (a comment line does not end a paragraph)
      }
    }
  };
  walk((parse(text) as unknown as { content: LNode[] }).content);
  return b.build();
}
