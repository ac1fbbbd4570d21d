/**
 * Org through orga (the parser of the orgajs project, unist nodes with source
 * offsets): headline titles, paragraphs, list items, table cells and quote/verse
 * blocks are prose; keywords (#+TITLE...), drawers, planning lines, comments,
 * source/example blocks, link targets, TODO keywords, priorities and tags are not.
 * ~code~ and =verbatim= stay in the sentence as written but are not judged.
 */
import { parse } from 'orga';
import { LruCache } from '../cache';
import { extractChunked, lines, Prose, ProseBuilder } from './types';

interface OrgNode {
  type: string;
  style?: string;
  name?: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: OrgNode[];
}

const SKIP = new Set(['keyword', 'drawer', 'planning', 'comment', 'html', 'latex', 'hr', 'link.path', 'stars', 'todo', 'priority', 'tags', 'list.item.bullet', 'list.item.checkbox', 'list.item.tag', 'opening', 'closing', 'footnote.reference', 'footnote.label', 'fixed-width', 'table.hr', 'newline']);
const INLINE = new Set(['text', 'link', 'newline', 'footnote.reference']);
/** Blocks whose text is prose; SRC, EXAMPLE, EXPORT and the rest are not. */
const PROSE_BLOCKS = new Set(['QUOTE', 'VERSE', 'CENTER']);

/**
 * orga's lexer recurses once per line of a section (a few hundred lines exhaust the
 * stack), so the text is parsed in chunks that end at blank lines and headlines
 * outside blocks and drawers; no prose construct spans them. A paragraph of several
 * hundred lines without a blank one still fails, and that error is reported.
 */
function chunks(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  let inside: 'block' | 'drawer' | undefined;
  for (const line of lines(text)) {
    const t = line.text.trim();
    if (!inside && /^#\+begin_/i.test(t)) inside = 'block';
    else if (inside === 'block' && /^#\+end_/i.test(t)) inside = undefined;
    else if (!inside && /^:[\w-]+:$/.test(t) && !/^:end:$/i.test(t)) inside = 'drawer';
    else if (inside === 'drawer' && /^:end:$/i.test(t)) inside = undefined;
    else if (!inside && (!t || /^\*+\s/.test(line.text)) && line.start > start) {
      out.push([start, line.start]);
      start = line.start;
    }
  }
  out.push([start, text.length]);
  return out;
}

const cache = new LruCache<string, Prose>(5000);

export function extractOrg(text: string): Prose {
  // orga reads only \n line breaks; a \r before it becomes a trailing space, a lone \r a
  // \n: the same length, so offsets stay those of the text
  const source = text.replace(/\r\n?/g, (m) => (m.length === 2 ? ' \n' : '\n'));
  const p = extractChunked(source, chunks(source), extractChunk, cache);
  return { ...p, source: text };
}

function extractChunk(text: string): Prose {
  const b = new ProseBuilder(text);
  const walk = (node: OrgNode): void => {
    if (SKIP.has(node.type)) return;
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    if (node.type === 'text') {
      if (s === undefined || e === undefined) return;
      if (!node.style) b.extend(s, e);
      else {
        // a styled run's position includes its markers (*bold*, ~code~): one character each side
        b.extend(s + 1, e - 1);
        if (node.style === 'code' || node.style === 'verbatim') b.inline(s, e);
      }
      return;
    }
    if (node.type === 'block' && !PROSE_BLOCKS.has((node.name ?? '').toUpperCase())) {
      b.closeBlock();
      return;
    }
    const block = !INLINE.has(node.type);
    if (block) b.closeBlock();
    for (const child of node.children ?? []) walk(child);
    if (block) b.closeBlock();
  };
  walk(parse(text) as unknown as OrgNode);
  return b.build();
}
