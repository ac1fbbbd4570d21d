/**
 * The project configuration, `.emotion-lens.json`: found from a file's folder upward
 * to the workspace or repository root (the nearest file wins; files are not merged),
 * read the same way by the CLI, the commit-msg hook and the language server.
 *
 *   { "labels": ["anger"], "threshold": 0.8, "ignore": ["CHANGELOG.md", "docs/legal/"],
 *     "ignoreSentences": ["I hate to say it, but this is the fastest option."] }
 *
 * `ignore` uses .gitignore syntax relative to the folder of the file (the `ignore`
 * package, as the directory walk of `check` does for .gitignore, so both read the same).
 * The shape is also in schemas/emotion-lens.schema.json (editor completion and
 * validation); a test checks that this validator and the schema agree.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore from 'ignore';
import { parse as parseJsonc, ParseError, printParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import { EMOTIONS, Emotion } from '../../../common/protocol';

type Ignore = ReturnType<typeof ignore>;

export const CONFIG_FILE = '.emotion-lens.json';
const KEYS = ['$schema', 'labels', 'threshold', 'ignore', 'ignoreSentences'];

export interface ProjectConfig {
  /** Absolute path of the .emotion-lens.json. */
  file: string;
  /** Its folder: `ignore` patterns are relative to it. */
  dir: string;
  labels?: Emotion[];
  threshold?: number;
  ignore: string[];
  ignoreSentences: string[];
  /** The raw object as read (kept for rewriting with the user's other keys and order). */
  raw: Record<string, unknown>;
  matcher: Ignore;
  sentences: Set<string>;
}

/** A config file that cannot be used: one clear message naming the file (and line for JSON errors). */
export class ConfigError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
  }
}

/** Sentences compare with whitespace collapsed and trimmed (the "whitespace-normalised"). */
export function normalizeSentence(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Where a broken file breaks, as line and column: JSON.parse's message has no position
 * for every error in Node 20, so jsonc-parser (strict: no comments, no trailing commas)
 * finds it. Its ESM build is imported by path: esbuild cannot bundle its UMD one.
 */
function jsonErrorMessage(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const e = errors[0];
  if (!e) return 'not valid JSON';
  const before = text.slice(0, e.offset);
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  const what = printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `not valid JSON at line ${line}, column ${col} (${what})`;
}

/** Validates a parsed config; returns the problems (empty when valid). */
export function configProblems(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['must be a JSON object'];
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const k of Object.keys(r)) if (!KEYS.includes(k)) problems.push(`unknown key "${k}" (keys: ${KEYS.slice(1).join(', ')})`);
  if ('labels' in r) {
    if (!Array.isArray(r.labels)) problems.push('"labels" must be an array of emotions');
    else {
      for (const l of r.labels) if (!(EMOTIONS as readonly unknown[]).includes(l)) problems.push(`"labels": unknown label ${JSON.stringify(l)} (labels: ${EMOTIONS.join(', ')})`);
      if (new Set(r.labels).size !== r.labels.length) problems.push('"labels" has duplicates');
    }
  }
  if ('threshold' in r && !(typeof r.threshold === 'number' && r.threshold >= 0 && r.threshold <= 1)) {
    problems.push('"threshold" must be a number from 0 to 1');
  }
  for (const key of ['ignore', 'ignoreSentences']) {
    if (key in r && !(Array.isArray(r[key]) && (r[key] as unknown[]).every((x) => typeof x === 'string'))) {
      problems.push(`"${key}" must be an array of strings`);
    }
  }
  return problems;
}

export function parseConfig(file: string, text: string): ProjectConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ConfigError(file, jsonErrorMessage(text.replace(/^\uFEFF/, '')));
  }
  const problems = configProblems(raw);
  if (problems.length) throw new ConfigError(file, problems.join('; '));
  const r = raw as Record<string, unknown>;
  const ignorePatterns = (r.ignore as string[] | undefined) ?? [];
  const ignoreSentences = (r.ignoreSentences as string[] | undefined) ?? [];
  return {
    file,
    dir: path.dirname(file),
    labels: r.labels as Emotion[] | undefined,
    threshold: r.threshold as number | undefined,
    ignore: ignorePatterns,
    ignoreSentences,
    raw: r,
    matcher: ignore().add(ignorePatterns),
    sentences: new Set(ignoreSentences.map(normalizeSentence).filter(Boolean)),
  };
}

export function readConfig(file: string): ProjectConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(file, text);
}

function isRepoRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git'));
}

/**
 * The .emotion-lens.json that applies to files of `startDir`: the nearest one from
 * there upward, stopping after a folder in `roots` (workspace folders) or one that
 * holds `.git` (the repository root); undefined when there is none.
 */
export function findConfigFile(startDir: string, roots: readonly string[] = []): string | undefined {
  let dir = path.resolve(startDir);
  const stops = new Set(roots.map((r) => path.resolve(r)));
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (stops.has(dir) || isRepoRoot(dir) || parent === dir) return undefined;
    dir = parent;
  }
}

/** True when `file` is matched by the config's `ignore` (files outside its folder never are). */
export function isIgnoredByConfig(config: ProjectConfig, file: string): boolean {
  if (!config.ignore.length) return false;
  const rel = path.relative(config.dir, path.resolve(file));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return config.matcher.ignores(rel.split(path.sep).join('/'));
}

export type ConfigLookup = { config?: ProjectConfig; error?: ConfigError };

/**
 * Configs by file, re-read when the file's size or modification time changes (one
 * stat per lookup), so an edit on disk is seen even by clients that send no
 * file-change notifications.
 */
export class ConfigCache {
  private readonly byFile = new Map<string, { key: string; lookup: ConfigLookup }>();

  lookup(startDir: string, roots: readonly string[] = []): ConfigLookup {
    const file = findConfigFile(startDir, roots);
    if (!file) return {};
    return this.load(file);
  }

  load(file: string): ConfigLookup {
    let key: string;
    try {
      const st = fs.statSync(file);
      key = `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      key = 'missing';
    }
    const hit = this.byFile.get(file);
    if (hit && hit.key === key) return hit.lookup;
    let lookup: ConfigLookup;
    try {
      lookup = { config: readConfig(file) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      lookup = { error: e };
    }
    this.byFile.set(file, { key, lookup });
    return lookup;
  }

  clear(): void {
    this.byFile.clear();
  }
}

/**
 * Writes a changed config: the user's keys in their order, two-space JSON, written
 * to a temporary file and renamed so that a reader never sees half a file.
 */
export function writeConfig(file: string, raw: Record<string, unknown>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(raw, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

/** Reads the config at `file` for an update: an absent file is an empty config; a broken one throws. */
function rawForUpdate(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) return {};
  return { ...readConfig(file).raw };
}

/** Adds a sentence to `ignoreSentences` (once); returns false when it was there already. */
export function addIgnoredSentence(file: string, sentence: string): boolean {
  const raw = rawForUpdate(file);
  const list = Array.isArray(raw.ignoreSentences) ? [...(raw.ignoreSentences as string[])] : [];
  const s = normalizeSentence(sentence);
  if (list.some((x) => normalizeSentence(x) === s)) return false;
  list.push(s);
  raw.ignoreSentences = list;
  writeConfig(file, raw);
  return true;
}

/** Removes a label from `labels` (all six when absent); returns false when it was not flagged anyway. */
export function removeLabel(file: string, label: Emotion): boolean {
  const raw = rawForUpdate(file);
  const labels = Array.isArray(raw.labels) ? (raw.labels as Emotion[]) : [...EMOTIONS];
  if (!labels.includes(label)) return false;
  raw.labels = labels.filter((l) => l !== label);
  writeConfig(file, raw);
  return true;
}
