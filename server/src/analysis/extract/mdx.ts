/**
 * MDX through remark-parse + remark-mdx (the parser MDX itself uses) and mdast
 * positions: text in paragraphs, headings, cells and JSX elements' children is
 * prose; `import`/`export`, `{expressions}`, JSX tags and attributes, code, HTML
 * and front matter are not. Inline code stays in the sentence as written.
 */
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { extractMarkdown, FRONT_MATTER } from './markdown';
import { Prose, ProseBuilder } from './types';

interface MdNode {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdNode[];
}

const processor = unified().use(remarkParse).use(remarkMdx);
const SKIP = new Set(['code', 'html', 'yaml', 'toml', 'image', 'imageReference', 'definition', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'footnoteDefinition', 'thematicBreak']);
const INLINE = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference', 'mdxJsxTextElement', 'text', 'inlineCode', 'break']);
/** ESM lines, blanked when MDX does not parse (see below). */
const ESM_LINE = /^(?:import|export)\b.*$/gm;

export function extractMdx(text: string): Prose {
  const fm = FRONT_MATTER.exec(text);
  // front matter is blanked, line breaks kept, so offsets stay those of the text
  const source = fm ? fm[0].replace(/[^\r\n]/g, ' ') + text.slice(fm[0].length) : text;
  let tree: MdNode;
  try {
    tree = processor.parse(source) as MdNode;
  } catch {
    // a document being typed is often not valid MDX yet (an open `{` or `<`): read it
    // as Markdown, its ESM lines blanked, rather than show nothing until it parses
    return extractMarkdown(source.replace(ESM_LINE, (l) => ' '.repeat(l.length)));
  }
  const b = new ProseBuilder(text);
  const walk = (node: MdNode): void => {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    if (SKIP.has(node.type)) {
      if (!INLINE.has(node.type)) b.closeBlock();
      return;
    }
    if (node.type === 'text' && s !== undefined && e !== undefined) {
      b.extend(s, e);
      return;
    }
    if (node.type === 'inlineCode' && s !== undefined && e !== undefined) {
      b.extend(s, e);
      b.inline(s, e);
      return;
    }
    const block = !INLINE.has(node.type);
    if (block) b.closeBlock();
    for (const child of node.children ?? []) walk(child);
    if (block) b.closeBlock();
  };
  walk(tree);
  return b.build();
}
