/**
 * The prose of a document, by language: the extractor comes from the one table of
 * supported languages (common/languages.ts).
 */
import { languageSupport } from '../../../../common/languages';
import { asciidoctorLoaded, extractAsciidoc, loadAsciidoctor } from './asciidoc';
import { extractCode, grammarLoaded, loadGrammar } from './code';
import { extractGitCommit } from './gitCommit';
import { extractHtml } from './html';
import { extractLatex } from './latex';
import { extractMarkdown } from './markdown';
import { extractMdx } from './mdx';
import { extractOrg } from './org';
import { extractPlaintext } from './plaintext';
import { extractRst } from './rst';
import { Prose } from './types';

export type { Prose } from './types';
export { setAssetReader } from './code';

/**
 * Loads what a language's extractor needs (a tree-sitter grammar) before
 * `extractProse` runs; resolves at once for the others. Rejects with the reason
 * when a grammar cannot be loaded.
 */
export function prepareExtraction(languageId: string): Promise<void> {
  const lang = languageSupport(languageId);
  if (lang?.extractor === 'asciidoc') return loadAsciidoctor();
  return lang?.grammar ? loadGrammar(lang.grammar) : Promise.resolve();
}

/**
 * The prose of a document; undefined when the language has none to read, when
 * `comments` is off for a code language, or when its grammar is not loaded yet
 * (await `prepareExtraction` first).
 */
export function extractProse(text: string, languageId: string, comments: boolean): Prose | undefined {
  const lang = languageSupport(languageId);
  switch (lang?.extractor) {
    case undefined:
      return undefined;
    case 'plaintext':
      return extractPlaintext(text);
    case 'markdown':
      return extractMarkdown(text);
    case 'mdx':
      return extractMdx(text);
    case 'git-commit':
      return extractGitCommit(text);
    case 'html':
      return extractHtml(text);
    case 'latex':
      return extractLatex(text);
    case 'org':
      return extractOrg(text);
    case 'rst':
      return ready(lang.grammar) ? extractRst(text) : undefined;
    case 'asciidoc':
      return asciidoctorLoaded() ? extractAsciidoc(text) : undefined;
    case 'comments':
      if (!comments || !lang.grammar) return undefined;
      return ready(lang.grammar) ? extractCode(text, lang.grammar) : undefined;
  }
}

/** Whether a grammar is loaded; if not, its load starts (the analyzer awaits prepareExtraction and reports a failure; a hover just waits). */
function ready(grammar: string | undefined): boolean {
  if (!grammar) return false;
  if (grammarLoaded(grammar)) return true;
  loadGrammar(grammar).catch((e: Error) => {
    if (!loadErrors.has(grammar)) console.error(`Emotion Lens: the ${grammar} grammar did not load: ${e.message}`);
    loadErrors.add(grammar);
  });
  return false;
}
const loadErrors = new Set<string>();
