/**
 * HTML through parse5 (the WHATWG parsing algorithm browsers use, so unclosed
 * tags, implied elements and tables are read as a browser reads them) with its
 * source locations: text nodes are prose; tags, attributes, comments, script,
 * style, pre, template, svg and math are not. Inline code (`code`, `kbd`, `samp`,
 * `var`) stays in the sentence as written but is not judged. Block elements end
 * the sentences inside them; inline ones (`a`, `em`, `span`...) do not.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { Prose, ProseBuilder } from './types';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const SKIP = new Set(['script', 'style', 'pre', 'template', 'noscript', 'textarea', 'svg', 'math', 'select', 'iframe', 'object', 'canvas', 'head']);
const INLINE_CODE = new Set(['code', 'kbd', 'samp', 'var', 'tt']);
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'dfn', 'em', 'i', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'label', 'font', 'del', 'ins', 'wbr', 'br', 'img', ...INLINE_CODE]);
/** Character references stay as written but are not judged ("&amp;" is no word). */
const ENTITY = /&(?:#\d+|#x[\da-f]+|\w+);/gi;

export function extractHtml(text: string): Prose {
  const b = new ProseBuilder(text);
  const doc = parse(text, { sourceCodeLocationInfo: true });
  // the title is prose though it lives in head
  const walk = (node: Node): void => {
    if (node.nodeName === '#text') {
      const t = node as DefaultTreeAdapterMap['textNode'];
      const loc = t.sourceCodeLocation;
      if (!loc || !/\S/.test(t.value)) return;
      // text parse5 moves or merges (after </body>, foster-parented out of tables) can
      // span tags in the source: keep only the part before the first one
      const lt = text.indexOf('<', loc.startOffset);
      const end = lt >= 0 && lt < loc.endOffset ? lt : loc.endOffset;
      b.extend(loc.startOffset, end);
      for (const m of text.slice(loc.startOffset, end).matchAll(ENTITY)) b.inline(loc.startOffset + m.index!, loc.startOffset + m.index! + m[0].length);
      return;
    }
    if (!('childNodes' in node)) return; // comments, doctype
    const el = 'tagName' in node ? (node as Element) : undefined;
    const tag = el?.tagName;
    if (tag && INLINE_CODE.has(tag)) {
      const loc = el!.sourceCodeLocation;
      if (loc?.startTag && loc.endTag) {
        // shown as written, between the tags; the tags themselves are blank
        b.extend(loc.startTag.endOffset, loc.endTag.startOffset);
        b.inline(loc.startTag.endOffset, loc.endTag.startOffset);
      }
      return;
    }
    if (tag && SKIP.has(tag) && !(tag === 'head' && hasTitle(el!))) {
      b.closeBlock();
      return;
    }
    const block = !tag || !INLINE.has(tag);
    if (block) b.closeBlock();
    for (const child of node.childNodes as Node[]) walk(child);
    if (block) b.closeBlock();
  };
  walk(doc);
  return b.build();
}

function hasTitle(head: Element): boolean {
  return head.childNodes.some((c) => 'tagName' in c && c.tagName === 'title');
}
