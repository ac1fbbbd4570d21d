/**
 * Comments and docstrings of code files through tree-sitter on WASM (web-tree-sitter
 * with the prebuilt grammars of `tree-sitter-wasms`), so the same code runs in Node
 * and in the browser worker. Grammars load lazily, once, from `grammars/` beside the
 * bundle (esbuild.mjs copies them there); parsing is synchronous once loaded.
 *
 * Within a comment, markers (`//`, `/*`, `*`, `#`, `--`, `///`...), directives
 * (eslint-disable, noqa, go:build...), commented-out code, code fences, JSDoc and
 * docstring tags and their parameter names are left out; inline code, URLs and
 * identifiers stay in the sentence as written but are not judged.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser, type Node, type TreeCursor } from 'web-tree-sitter';
import { Prose, ProseBuilder } from './types';

/** Reads a file of dist/grammars (the runtime's tree-sitter.wasm or a grammar). */
export type AssetReader = (name: string) => Promise<Uint8Array>;

const isNode = typeof process !== 'undefined' && Boolean(process.versions?.node);

let readAsset: AssetReader = isNode
  ? async (name) => fs.promises.readFile(path.join(__dirname, 'grammars', name))
  : async (name) => {
      // a web worker started from its script's URL: the grammars lie beside it (extension files,
      // not the network). The browser client starts it from a blob: URL, which cannot fetch
      // beside itself: server/src/host/browser.ts sets a reader that asks the client instead.
      const base = (globalThis as { location?: { href: string } }).location?.href;
      if (!base || !/^https?:/.test(base)) throw new Error(`cannot load ${name}: this worker cannot read the extension's files and its host gave no reader`);
      const res = await fetch(new URL(`grammars/${name}`, base));
      if (!res.ok) throw new Error(`cannot load ${name}: HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    };

/**
 * Lets a host (tests, the browser worker whose client posts the bytes) say where grammar
 * files come from. A reader rejects with `code: 'ENOENT'` when the file is not there.
 */
export function setAssetReader(reader: AssetReader): void {
  readAsset = reader;
}

let runtime: Promise<Parser> | undefined;
/** The grammar load in progress, if any (see loadGrammar). */
let previousLoad: Promise<void> = Promise.resolve();
const grammars = new Map<string, Promise<Language>>();
const loaded = new Map<string, Language>();

/** Loads a grammar (and the runtime, the first time); rejects with the reason when it cannot. */
export function loadGrammar(grammar: string): Promise<void> {
  runtime ??= (async () => {
    // locateFile: with it, the runtime takes the bytes as they are; without it, it first builds
    // the binary's URL from import.meta.url, which the browser worker bundle has not
    await Parser.init({ wasmBinary: await readAsset('tree-sitter.wasm'), locateFile: (file: string) => file } as object);
    return new Parser();
  })();
  let g = grammars.get(grammar);
  if (!g) {
    // one load at a time: web-tree-sitter 0.25 links each grammar into one shared module, and
    // two loads at once fail ("bad export type for 'tree_sitter_typescript_external_scanner_create'")
    const before = previousLoad;
    const load = runtime.then(() => before).then(async () => Language.load(await readAsset(`tree-sitter-${grammar}.wasm`)));
    previousLoad = load.then(
      () => undefined,
      () => undefined, // the failure reaches this grammar's callers through `load`; the next load still runs
    );
    g = load;
    grammars.set(grammar, g);
    // a failed load may be retried (a file restored, a transient read error)
    g.then((lang) => loaded.set(grammar, lang), () => grammars.delete(grammar));
  }
  return g.then(() => undefined);
}

export function grammarLoaded(grammar: string): boolean {
  return loaded.has(grammar);
}

/** Lines of a comment that are code, not prose (commented-out code, markup). */
const CODE_LINE = new RegExp(
  [
    String.raw`[;{}]\s*$`, // statement or block ends
    String.raw`^[}\])]`,
    String.raw`^#\s*(?:include|define|if|ifdef|ifndef|endif|else|pragma|import)\b`,
    String.raw`^(?:import\s+[\w{*"']|from\s+[\w.]+\s+import\b|package\s+[\w.]+\s*$|using\s+[\w.]+|func\s+\w|fn\s+\w|def\s+\w+\s*\(|class\s+\w+\s*[:({]|(?:const|let|var|val)\s+\w+\s*[:=]|if\s*\(.*\)\s*$|(?:for|while|switch)\s*\()`,
    String.raw`^[\w.$\[\]'"]+\s*(?:[-+*/%|&]?=|:=|=>|->)\s*\S`, // assignments, arrows
    String.raw`^[\w.$]+\([^()]*\)\s*;?$`, // a lone call
    String.raw`^(?:<\/?[A-Za-z][^>]*>\s*)+$`, // markup only
    String.raw`^>>>|^\.\.\.\s|^\$ `, // doctest and shell prompts
  ].join('|'),
);
/** Tool directives and boilerplate: never prose. */
const DIRECTIVE = /^(?:eslint[- ]|@ts-|prettier-ignore|istanbul |c8 |v8 |jshint|global\s|noqa|type:\s*ignore|pylint:|mypy:|pyright:|fmt:\s*(?:on|off|skip)|rubocop:|nolint|NOLINT|#?(?:end)?region\b|swiftlint:|clang-format|-\*-|vim?:|@flow|[#@]\s*sourceMappingURL|@license|@preserve|SPDX-License-Identifier:|Copyright\b|\(c\)|(?:go|lint|export|extern|line):\S|\+build\b)/i;
/** A comment's markers at a line's start and end. */
const LEAD = /^[ \t]*(?:\/\/[/!]?|\/\*+!?|\*+(?!\/)|#+|--(?:\[=*\[)?|=begin\b|=end\b|<!--|[rRuUbBfF]{0,2}(?:"""|'''|"|'))?[ \t]*/;
const TRAIL = /[ \t]*(?:\*+\/|\]=*\]|-->|"""|'''|"|')?[ \t]*$/;
/** JSDoc/Doxygen/docstring tags followed by a name: the tag, its {type} and the name are left out. */
const NAMED_TAG = /^[@\\](?:param|arg|argument|prop|property|typedef|template|throws|exception|raises|tparam|callback|event|fires|member)\b\s*(?:\{[^}]*\}\s*)?(?:\[[^\]]*\]|[\w$.]+)?\s*-?\s*/;
const TAG = /^[@\\]\w+\s*(?:\{[^}]*\}\s*)?/;
/** reST and Google/NumPy docstring fields: `:param x:`, `Args:`, `x (int):`. */
const FIELD = /^(?::\w+(?:\s+[\w.]+)*:|[\w*]+(?:\s*\([^)]*\))?:(?=\s|$)|-{3,}\s*$)\s*/;

/** Parses text with a loaded grammar and hands its root to `read`; false when the grammar is not loaded yet. */
export function parseWith(grammar: string, text: string, read: (root: Node) => void): boolean {
  const lang = loaded.get(grammar);
  if (!lang) return false;
  const parser = new Parser();
  parser.setLanguage(lang);
  const tree = parser.parse(text);
  try {
    if (!tree) throw new Error(`tree-sitter could not parse this ${grammar} document`);
    read(tree.rootNode);
  } finally {
    tree?.delete();
    parser.delete();
  }
  return true;
}

export function extractCode(text: string, grammar: string): Prose | undefined {
  const b = new ProseBuilder(text);
  const reader = new CommentReader(text, b);
  const parsed = parseWith(grammar, text, (root) => {
    const cursor = root.walk();
    try {
      for (;;) {
        if (visit(cursor, reader, grammar) && cursor.gotoFirstChild()) continue;
        let up = false;
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) {
            up = true;
            break;
          }
        }
        if (up) break;
      }
    } finally {
      cursor.delete();
    }
  });
  if (!parsed) return undefined;
  return b.build({ urls: true, identifiers: true });
}

/** Reads a comment node or docstring; returns whether to look inside the node. */
function visit(cursor: TreeCursor, reader: CommentReader, grammar: string): boolean {
  const type = cursor.nodeType;
  if (type.includes('comment')) {
    reader.comment(cursor.startIndex, cursor.endIndex);
    return false;
  }
  if (grammar === 'python' && type === 'expression_statement') {
    const node = cursor.currentNode;
    const only = node.namedChildCount === 1 ? node.namedChild(0) : null;
    if (only?.type === 'string' && isDocstringPlace(node)) {
      reader.docstring(only.startIndex, only.endIndex);
      return false;
    }
  }
  return true;
}

/** The first statement of a module, class or function (comments before it allowed). */
function isDocstringPlace(node: NonNullable<TreeCursor['currentNode']>): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'block' && !/^(?:function_definition|class_definition)$/.test(parent.parent?.type ?? '')) return false;
  if (parent.type !== 'module' && parent.type !== 'block') return false;
  for (let prev = node.previousNamedSibling; prev; prev = prev.previousNamedSibling) if (prev.type !== 'comment') return false;
  return true;
}

class CommentReader {
  private lastEnd = -1;

  constructor(private readonly text: string, private readonly b: ProseBuilder) {}

  comment(start: number, end: number): void {
    const body = this.text.slice(start, end);
    if (start === 0 && body.startsWith('#!')) return; // shebang
    // consecutive line comments (nothing but one line break between them) form one block
    const between = this.lastEnd >= 0 ? this.text.slice(this.lastEnd, start) : '';
    const block = /^\/\*|^--\[=*\[|^=begin/.test(body);
    if (block || this.lastEnd < 0 || !/^[ \t]*(?:\r\n|\n|\r)[ \t]*$/.test(between)) {
      this.b.closeBlock();
      this.fence = this.example = false;
    }
    this.lines(start, end);
    if (block) this.b.closeBlock();
    this.lastEnd = end;
  }

  docstring(start: number, end: number): void {
    this.b.closeBlock();
    this.fence = this.example = false;
    this.lines(start, end);
    this.b.closeBlock();
    this.lastEnd = -1;
  }

  private fence = false;
  private example = false;

  private lines(start: number, end: number): void {
    const text = this.text;
    let s = start;
    while (s < end) {
      let e = s;
      while (e < end && text[e] !== '\n' && text[e] !== '\r') e++;
      this.line(s, e);
      s = e + (text[e] === '\r' && text[e + 1] === '\n' ? 2 : 1);
    }
  }

  private line(s: number, e: number): void {
    const raw = this.text.slice(s, e);
    let a = s + LEAD.exec(raw)![0].length;
    let z = e - TRAIL.exec(raw.slice(a - s))![0].length;
    if (z < a) z = a;
    let content = this.text.slice(a, z);
    const b = this.b;
    if (/^(?:```|~~~)/.test(content)) {
      this.fence = !this.fence;
      b.closeBlock();
      return;
    }
    if (this.fence) return;
    if (DIRECTIVE.test(content)) {
      b.closeBlock();
      return;
    }
    if (content.startsWith('@') || /^\\\w/.test(content)) {
      this.example = /^[@\\](?:example|code)\b/.test(content);
      b.closeBlock();
      const tag = NAMED_TAG.exec(content) ?? TAG.exec(content)!;
      a += tag[0].length;
      content = content.slice(tag[0].length);
    } else {
      const field = FIELD.exec(content);
      if (field && field[0].trim()) {
        b.closeBlock();
        a += field[0].length;
        content = content.slice(field[0].length);
      }
    }
    if (this.example || !content.trim() || DIRECTIVE.test(content) || CODE_LINE.test(content)) {
      b.closeBlock();
      return;
    }
    b.extend(a, z);
    // `code`, XML doc tags (<see cref="X"/>) and {@link X}: shown, not judged
    for (const m of content.matchAll(/`[^`\n]+`|<\/?[A-Za-z][^<>\n]*>|\{@\w+[^}]*\}/g)) b.inline(a + m.index!, a + m.index! + m[0].length);
  }
}
