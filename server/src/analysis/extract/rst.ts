/**
 * reStructuredText through tree-sitter (the `tree-sitter-rst` grammar, its prebuilt
 * WASM from npm; the same runtime as the code comments, so it runs in the browser
 * worker too). Titles, paragraphs, list items, definitions, field bodies, line
 * blocks, footnotes and the text of admonitions (note, warning, ...) are prose;
 * literal and doctest blocks, comments, targets, substitution definitions, field
 * names and every other directive (code-block, math, image, toctree...) are not.
 * Inline literals, interpreted text (:func:`x`) and substitutions stay in the
 * sentence as written but are not judged; a reference keeps its text, not its URL.
 */
import type { Node } from 'web-tree-sitter';
import { parseWith } from './code';
import { Prose, ProseBuilder } from './types';

/** Containers whose children are blocks. */
const CONTAINERS = new Set(['document', 'section', 'body', 'bullet_list', 'enumerated_list', 'list_item', 'definition_list', 'definition', 'field_list', 'field', 'field_body', 'block_quote', 'line_block', 'footnote', 'citation']);
/** Blocks of inline text. */
const PROSE = new Set(['title', 'paragraph', 'term', 'line', 'attribution']);
/** Directives whose content is prose (docutils' admonitions and their Sphinx kin). */
const ADMONITIONS = new Set(['attention', 'caution', 'danger', 'error', 'hint', 'important', 'note', 'tip', 'warning', 'admonition', 'seealso', 'versionadded', 'versionchanged', 'deprecated', 'topic', 'sidebar', 'rubric', 'epigraph', 'highlights', 'pull-quote']);

export function extractRst(text: string): Prose | undefined {
  const b = new ProseBuilder(text);
  const found = parseWith('rst', text, (root) => blocks(root, text, b, 0, 0));
  if (!found) return undefined;
  return b.build({ urls: true });
}

/** `at`: where `text`, the parsed text, starts in the document (admonitions' content is parsed alone). */
function blocks(node: Node, text: string, b: ProseBuilder, depth: number, at: number): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (PROSE.has(child.type)) {
      b.closeBlock();
      inline(child, b, at);
      b.closeBlock();
    } else if (CONTAINERS.has(child.type)) {
      blocks(child, text, b, depth, at);
    } else if (child.type === 'directive') {
      directive(child, text, b, depth, at);
    }
    // literal_block, doctest_block, comment, target, substitution_definition, transition,
    // field_name, label, classifier: not prose
  }
}

/** An admonition's text: its argument line and its content, which the grammar leaves unparsed. */
function directive(node: Node, text: string, b: ProseBuilder, depth: number, at: number): void {
  const type = node.namedChildren.find((c) => c?.type === 'type')?.text.toLowerCase();
  if (!type || !ADMONITIONS.has(type) || depth > 4) return;
  const body = node.namedChildren.find((c) => c?.type === 'body');
  for (const part of body?.namedChildren ?? []) {
    if (part?.type === 'arguments') {
      b.closeBlock();
      inline(part, b, at);
      b.closeBlock();
    } else if (part?.type === 'content') {
      // the indented content as a document of its own, from the start of its first line
      const from = text.lastIndexOf('\n', part.startIndex - 1) + 1;
      const content = text.slice(from, part.endIndex);
      parseWith('rst', content, (root) => blocks(root, content, b, depth + 1, at + from));
    }
  }
}

/** The inline markup of a block: text kept, markers blanked, literals and roles shown but not judged. */
function inline(node: Node, b: ProseBuilder, at: number): void {
  // words are anonymous `text` nodes in this grammar: all children, not the named ones
  for (const child of node.children) {
    if (!child) continue;
    const s = child.startIndex + at;
    const e = child.endIndex + at;
    switch (child.type) {
      case 'text':
      case 'standalone_hyperlink': // blanked for the model by build({ urls: true }), shown in the sentence
        b.extend(s, e);
        break;
      case 'emphasis':
        b.extend(s + 1, e - 1);
        break;
      case 'strong':
        b.extend(s + 2, e - 2);
        break;
      case 'literal':
      case 'interpreted_text':
      case 'substitution_reference':
        b.extend(s, e);
        b.inline(s, e);
        break;
      case 'inline_target': // _`target`
        b.extend(s + 2, e - 1);
        break;
      case 'reference':
        reference(child, b, s);
        break;
      // footnote and citation references: not words
    }
  }
}

/** `link_`, `` `Link text`_ ``, `` `Link text <https://...>`__ ``: the words, not the target. */
function reference(node: Node, b: ProseBuilder, s: number): void {
  const t = node.text;
  if (!t.startsWith('`')) {
    b.extend(s, s + t.replace(/_+$/, '').length);
    return;
  }
  const inner = t.slice(1, t.lastIndexOf('`'));
  const target = /\s*<[^<>]*>$/.exec(inner);
  const words = target ? inner.slice(0, target.index) : inner;
  if (words.trim()) b.extend(s + 1, s + 1 + words.length);
}
