/**
 * Quick fixes on every Emotion Lens diagnostic, run by the server so that they work
 * in every LSP editor:
 *   - "Ignore this sentence": adds it to ignoreSentences of the .emotion-lens.json in force
 *     (the workspace root's, created, when there is none) — a command the server executes;
 *   - "Stop flagging <label> in this workspace": removes the label from that file's labels;
 *   - "Disable Emotion Lens for this paragraph": an edit that puts disable/enable
 *     directives around the paragraph, in the comment syntax of the document's language.
 * The config commands are offered only where the server can write files (not in the browser).
 */
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, DocumentSummaryParams, EMOTIONS, Emotion } from '../../common/protocol';
import { commentStyle } from './analysis/extract/comments';
import { normalizeSentence } from './project/config';

export const IGNORE_SENTENCE_COMMAND = 'emotionLens.ignoreSentence';
export const IGNORE_LABEL_COMMAND = 'emotionLens.ignoreLabel';
export const QUICK_FIX_COMMANDS = [IGNORE_SENTENCE_COMMAND, IGNORE_LABEL_COMMAND];

const HASH = new Set(['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'toml', 'dockerfile', 'makefile', 'powershell', 'elixir', 'julia', 'coffeescript']);
const DASHES = new Set(['lua', 'sql', 'haskell', 'elm']);
const PROSE = new Set(['plaintext', 'markdown', 'git-commit', 'scminput', 'html', 'mdx', 'latex']);

/** The line comment that holds a directive in a language: HTML comments for prose, the language's own otherwise. */
function directiveLine(languageId: string, kind: 'disable' | 'enable'): string {
  const d = `emotion-lens-${kind}`;
  if (languageId === 'latex') return `% ${d}`;
  if (languageId === 'mdx') return `{/* ${d} */}`;
  if (PROSE.has(languageId)) return `<!-- ${d} -->`;
  if (commentStyle(languageId) === 'python' || HASH.has(languageId)) return `# ${d}`;
  if (DASHES.has(languageId)) return `-- ${d}`;
  return `// ${d}`; // the C family: TypeScript, JavaScript, Java, C#, Go, Rust, Swift...
}

/** The lines of the paragraph around `line`: prose up to blank lines; in code, the run of comment lines. */
export function paragraphLines(doc: TextDocument, line: number): { first: number; last: number } {
  const text = (i: number) => doc.getText({ start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
  const code = !PROSE.has(doc.languageId);
  const commit = doc.languageId === 'git-commit' || doc.languageId === 'scminput';
  const belongs = (i: number) => {
    const t = text(i);
    if (!t.trim()) return false;
    if (code) return /^\s*(\/\/|\/\*|\*|#|--|%|;)/.test(t);
    if (commit) return !t.startsWith('#');
    return true;
  };
  let first = line;
  let last = line;
  while (first > 0 && belongs(first - 1)) first--;
  while (last + 1 < doc.lineCount && belongs(last + 1)) last++;
  return { first, last };
}

export function paragraphEdits(doc: TextDocument, line: number): TextEdit[] {
  const { first, last } = paragraphLines(doc, line);
  const firstText = doc.getText({ start: { line: first, character: 0 }, end: { line: first + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(firstText)![0];
  const eol = /\r\n$/.test(firstText) ? '\r\n' : '\n';
  const before: TextEdit = { range: { start: { line: first, character: 0 }, end: { line: first, character: 0 } }, newText: indent + directiveLine(doc.languageId, 'disable') + eol };
  const after: TextEdit = last + 1 < doc.lineCount
    ? { range: { start: { line: last + 1, character: 0 }, end: { line: last + 1, character: 0 } }, newText: indent + directiveLine(doc.languageId, 'enable') + eol }
    : (() => {
        const end = doc.positionAt(doc.getText().length);
        return { range: { start: end, end }, newText: eol + indent + directiveLine(doc.languageId, 'enable') };
      })();
  return [before, after];
}

export function codeActions(
  doc: TextDocument,
  params: CodeActionParams,
  opts: { summary?: DocumentSummaryParams; canWriteConfig: boolean; versionedEdits: boolean },
): CodeAction[] {
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(CodeActionKind.QuickFix + '.') || CodeActionKind.QuickFix.startsWith(k))) return [];
  const actions: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const label = labelOf(d);
    if (!label) continue;
    if (opts.canWriteConfig) {
      const text = sentenceText(doc, d, opts.summary);
      actions.push({
        title: 'Ignore this sentence (Emotion Lens)',
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: 'Ignore this sentence', command: IGNORE_SENTENCE_COMMAND, arguments: [{ uri: doc.uri, text }] },
      });
      actions.push({
        title: `Stop flagging ${label} in this workspace`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: `Stop flagging ${label}`, command: IGNORE_LABEL_COMMAND, arguments: [{ uri: doc.uri, label }] },
      });
    }
    const edits = paragraphEdits(doc, d.range.start.line);
    const edit: WorkspaceEdit = opts.versionedEdits
      ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
      : { changes: { [doc.uri]: edits } };
    actions.push({ title: 'Disable Emotion Lens for this paragraph', kind: CodeActionKind.QuickFix, diagnostics: [d], edit });
  }
  return actions;
}

function labelOf(d: Diagnostic): Emotion | undefined {
  const l = (d.data as { label?: unknown } | undefined)?.label ?? d.code;
  return (EMOTIONS as readonly unknown[]).includes(l) ? (l as Emotion) : undefined;
}

/** The sentence as analysed when the results are of this version (code spans blanked), else as written. */
function sentenceText(doc: TextDocument, d: Diagnostic, summary?: DocumentSummaryParams): string {
  if (summary?.version === doc.version) {
    const same = (a: Diagnostic['range']['start'], b: Diagnostic['range']['start']) => a.line === b.line && a.character === b.character;
    const hit = summary.sentences.find((s) => same(s.range.start, d.range.start) && same(s.range.end, d.range.end));
    if (hit) return hit.text;
  }
  return normalizeSentence(doc.getText(d.range));
}

/** Checks executeCommand arguments (any client can send anything). */
export function commandArgument(args: unknown[] | undefined, key: 'text' | 'label'): { uri: string; value: string } | undefined {
  const a = args?.[0] as Record<string, unknown> | undefined;
  if (!a || typeof a.uri !== 'string' || typeof a[key] !== 'string' || !(a[key] as string).trim()) return undefined;
  if (key === 'label' && !(EMOTIONS as readonly unknown[]).includes(a.label)) return undefined;
  return { uri: a.uri, value: a[key] as string };
}
