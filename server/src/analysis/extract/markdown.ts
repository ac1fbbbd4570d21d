/**
 * Markdown prose through markdown-it's token stream: only `inline` tokens
 * (headings, paragraphs, list items, quotes, table cells) hold prose; code blocks,
 * fences, HTML blocks and front matter never do. Inside an inline token, text
 * children are found in the source in order, so code spans, inline HTML, link
 * targets and image sources are skipped while offsets stay exact.
 */
import MarkdownIt from 'markdown-it';
import { lineStarts, Prose, ProseBuilder } from './types';

type Token = ReturnType<MarkdownIt['parse']>[number];

const md = new MarkdownIt('default', { html: true, linkify: false });
/** YAML/TOML front matter at the very top: blanked before parsing (markdown-it has no notion of it). */
export const FRONT_MATTER = /^(---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n\1[ \t]*(?:\r?\n|$)/;

export function extractMarkdown(text: string): Prose {
  const b = new ProseBuilder(text);
  const fm = FRONT_MATTER.exec(text);
  // keep line breaks so line numbers (token maps) still match the original
  const source = fm ? fm[0].replace(/[^\r\n]/g, ' ') + text.slice(fm[0].length) : text;
  const starts = lineStarts(text);
  const lineOffset = (line: number) => (line < starts.length ? starts[line] : text.length);
  const tokens = md.parse(source, {});
  let rowMap: [number, number] | null = null;
  for (const token of tokens) {
    if (token.type === 'tr_open' && token.map) rowMap = token.map as [number, number];
    if (token.type !== 'inline') continue;
    const map = (token.map as [number, number] | null) ?? rowMap;
    if (!map) continue;
    const from = lineOffset(map[0]);
    const to = Math.min(lineOffset(map[1]), text.length);
    const region = source.slice(0, to);
    let cursor = from;
    let first = -1;
    let last = -1;
    const skip = (s: string | null | undefined) => {
      if (!s) return;
      const p = region.indexOf(s, cursor);
      if (p >= 0) cursor = p + s.length;
    };
    let autolink = false;
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') autolink = child.markup === 'autolink' || child.markup === 'linkify';
      if (autolink && child.type === 'text') {
        skip(child.content);
        continue;
      }
      switch (child.type) {
        case 'text': {
          const p = child.content ? region.indexOf(child.content, cursor) : -1;
          if (p < 0) break; // escapes and entities differ from the source: leave that piece out
          b.keep(p, p + child.content.length);
          if (first < 0) first = p;
          last = p + child.content.length;
          cursor = last;
          break;
        }
        case 'code_inline': {
          // shown in the sentence as written, not judged
          const p = region.indexOf(child.markup + child.content, cursor);
          if (p < 0) break;
          const end = region.startsWith(child.markup, p + child.markup.length + child.content.length) ? p + 2 * child.markup.length + child.content.length : p + child.markup.length + child.content.length;
          b.keep(p, end);
          b.inline(p, end);
          if (first < 0) first = p;
          last = end;
          cursor = end;
          break;
        }
        case 'html_inline':
          skip(child.content);
          break;
        case 'link_close':
          if (!autolink) skip(linkTarget(child, token));
          autolink = false;
          break;
        case 'image':
          skip(child.attrGet('src'));
          break;
      }
    }
    if (first >= 0) b.block(first, last);
  }
  return b.build();
}

/** The href of the link a link_close belongs to. */
function linkTarget(close: Token, inline: Token): string | null {
  const children = inline.children ?? [];
  let depth = 0;
  for (let i = children.indexOf(close) - 1; i >= 0; i--) {
    if (children[i].type === 'link_close') depth++;
    if (children[i].type === 'link_open') {
      if (depth === 0) return children[i].attrGet('href');
      depth--;
    }
  }
  return null;
}
