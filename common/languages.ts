/**
 * The one table of supported languages. Everything else derives from it: the
 * server's choice of extractor, the client's document selector, the CLI's
 * file-name mapping, the settings' defaults; package.json (activation events, the
 * `emotionLens.languages` values) and the README table are checked against it by
 * test/unit/languages.test.mjs, because JSON and Markdown cannot import it.
 * Pure data: shared by client and server in both hosts.
 */

/** How a language's prose is found (server/src/analysis/extract/index.ts). */
export type ExtractorKind = 'plaintext' | 'markdown' | 'mdx' | 'git-commit' | 'html' | 'latex' | 'org' | 'rst' | 'asciidoc' | 'comments';

export interface LanguageSupport {
  /** The VS Code language id. */
  id: string;
  /** What the README and messages call it. */
  name: string;
  extractor: ExtractorKind;
  /** File extensions (lower case, with the dot) the CLI reads as this language. */
  extensions: readonly string[];
  /** Whole file names the CLI reads as this language. */
  fileNames?: readonly string[];
  /** Tree-sitter grammar (`tree-sitter-<grammar>.wasm` in dist/grammars) for `comments` and `rst`. */
  grammar?: string;
  /**
   * VS Code has no language of this id of its own: package.json registers a bare one (no
   * grammar, no icon) for these file extensions, so the files open as it without another
   * extension. Not `.asc`, which is also armoured PGP.
   */
  registers?: readonly string[];
  /** In `emotionLens.languages` by default (code languages follow `emotionLens.comments` instead). */
  byDefault: boolean;
  /** What is read, for the README table. */
  reads: string;
}

const code = (id: string, name: string, grammar: string, extensions: string[], reads = 'comments', registers?: string[]): LanguageSupport => ({
  id, name, extractor: 'comments', grammar, extensions, byDefault: false, reads, ...(registers ? { registers } : {}),
});

export const LANGUAGES: readonly LanguageSupport[] = [
  { id: 'plaintext', name: 'Plain text', extractor: 'plaintext', extensions: ['.txt', '.text'], byDefault: true, reads: 'every paragraph' },
  { id: 'markdown', name: 'Markdown', extractor: 'markdown', extensions: ['.md', '.markdown', '.mdown', '.mkd'], byDefault: true, reads: 'text; not code, HTML, front matter, link targets' },
  { id: 'mdx', name: 'MDX', extractor: 'mdx', extensions: ['.mdx'], registers: ['.mdx'], byDefault: true, reads: 'text and JSX children; not import/export, expressions, attributes, code' },
  { id: 'git-commit', name: 'Commit message', extractor: 'git-commit', extensions: [], fileNames: ['COMMIT_EDITMSG', 'MERGE_MSG', 'TAG_EDITMSG', 'SQUASH_MSG'], byDefault: true, reads: 'the message; not comments, trailers, the diff' },
  { id: 'scminput', name: 'Source Control input', extractor: 'git-commit', extensions: [], byDefault: true, reads: 'as commit messages' },
  { id: 'latex', name: 'LaTeX', extractor: 'latex', extensions: ['.tex', '.ltx'], byDefault: true, reads: 'text and text arguments; not math, commands, comments, verbatim' },
  { id: 'org', name: 'Org', extractor: 'org', extensions: ['.org'], registers: ['.org'], byDefault: true, reads: 'headlines, paragraphs, lists, tables, quotes; not keywords, drawers, source blocks, link targets, tags' },
  { id: 'restructuredtext', name: 'reStructuredText', extractor: 'rst', grammar: 'rst', extensions: ['.rst', '.rest'], byDefault: true, reads: 'titles, paragraphs, lists, definitions, fields, admonitions; not literal blocks, code and other directives, comments, targets, roles' },
  { id: 'asciidoc', name: 'AsciiDoc', extractor: 'asciidoc', extensions: ['.adoc', '.asciidoc', '.asc'], registers: ['.adoc', '.asciidoc'], byDefault: true, reads: 'titles, paragraphs, admonitions, lists, quotes; not listings, literals, passthroughs, comments, attributes, tables' },
  { id: 'html', name: 'HTML', extractor: 'html', extensions: ['.html', '.htm', '.xhtml'], byDefault: false, reads: 'text; not tags, attributes, script, style, code, comments' },
  code('c', 'C', 'c', ['.c', '.h']),
  code('cpp', 'C++', 'cpp', ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++']),
  code('csharp', 'C#', 'c_sharp', ['.cs']),
  code('go', 'Go', 'go', ['.go']),
  code('java', 'Java', 'java', ['.java']),
  code('javascript', 'JavaScript', 'javascript', ['.js', '.mjs', '.cjs']),
  code('javascriptreact', 'JavaScript JSX', 'javascript', ['.jsx']),
  code('typescript', 'TypeScript', 'typescript', ['.ts', '.mts', '.cts']),
  code('typescriptreact', 'TypeScript JSX', 'tsx', ['.tsx']),
  code('python', 'Python', 'python', ['.py', '.pyi'], 'comments and docstrings'),
  code('rust', 'Rust', 'rust', ['.rs'], 'comments and doc comments'),
  code('ruby', 'Ruby', 'ruby', ['.rb']),
  code('php', 'PHP', 'php', ['.php']),
  code('shellscript', 'Shell', 'bash', ['.sh', '.bash']),
  code('kotlin', 'Kotlin', 'kotlin', ['.kt', '.kts'], 'comments', ['.kt', '.kts']),
  code('swift', 'Swift', 'swift', ['.swift']),
  code('lua', 'Lua', 'lua', ['.lua']),
];

const BY_ID = new Map(LANGUAGES.map((l) => [l.id, l]));

export function languageSupport(id: string): LanguageSupport | undefined {
  return BY_ID.get(id);
}

/** Ids whose prose is read directly (markup, text, commit messages). */
export const PROSE_LANGUAGE_IDS: readonly string[] = LANGUAGES.filter((l) => l.extractor !== 'comments').map((l) => l.id);
/** Ids whose comments are read (when `emotionLens.comments` is on or the id is in `emotionLens.languages`). */
export const COMMENT_LANGUAGE_IDS: readonly string[] = LANGUAGES.filter((l) => l.extractor === 'comments').map((l) => l.id);
export const DEFAULT_LANGUAGE_IDS: readonly string[] = LANGUAGES.filter((l) => l.byDefault).map((l) => l.id);
/** Every tree-sitter grammar the table uses (esbuild.mjs copies exactly these to dist/grammars). */
export const GRAMMARS: readonly string[] = [...new Set(LANGUAGES.flatMap((l) => (l.grammar ? [l.grammar] : [])))];

/** The language of a file name (a path's base name), or undefined when the table has none. */
export function languageOfFileName(baseName: string): string | undefined {
  for (const l of LANGUAGES) if (l.fileNames?.includes(baseName)) return l.id;
  const dot = baseName.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = baseName.slice(dot).toLowerCase();
  return LANGUAGES.find((l) => l.extensions.includes(ext))?.id;
}

/** Ids in a `languages` setting that the table does not know (for one clear message). */
export function unsupportedLanguages(ids: readonly string[]): string[] {
  return ids.filter((id) => !BY_ID.has(id));
}
