/**
 * The operands of `check`: files, directories and globs, and reading them safely.
 *
 * - Directories are walked for prose files (Markdown and plain text), honouring
 *   .gitignore files (and .git/info/exclude) with git's own rule order, through the
 *   `ignore` package; `.git` and `node_modules` are never entered.
 * - Globs are expanded with tinyglobby and filtered the same way.
 * - Every file, named or found, honours the `ignore` list of its .emotion-lens.json.
 * - Text is UTF-8 (with or without BOM) or UTF-16 with BOM; binary files (isbinaryfile)
 *   and other encodings (named by chardet) are skipped with a note, never read as garbage.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore from 'ignore';
import { isBinaryFileSync } from 'isbinaryfile';
import { globSync, isDynamicPattern } from 'tinyglobby';
import * as chardet from 'chardet';
import { isIgnoredByConfig, ProjectConfig } from '../project/config';
import { UsageError } from './usage';
import { LANGUAGES } from '../../../common/languages';

type Ignore = ReturnType<typeof ignore>;

/**
 * What a directory walk picks up (named files and globs may be anything): the files of the
 * prose formats read by default (the language table), not code, HTML or commit messages.
 */
export const PROSE_EXTENSIONS: readonly string[] = LANGUAGES.filter((l) => l.byDefault && l.extractor !== 'git-commit').flatMap((l) => l.extensions);
const NEVER_ENTER = new Set(['.git', 'node_modules']);

export interface InputFile {
  /** Absolute path, or '-' for stdin. */
  path: string;
  /** As shown in reports: as given when named, relative to the working folder when found. */
  display: string;
}

/** .gitignore rules from the repository root (or the walk's start outside one) down to a file. */
class GitIgnores {
  private readonly perDir = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  private rulesOf(dir: string): Ignore | null {
    let rules = this.perDir.get(dir);
    if (rules !== undefined) return rules;
    const files = [path.join(dir, '.gitignore')];
    if (dir === this.root) files.push(path.join(dir, '.git', 'info', 'exclude'));
    rules = null;
    for (const f of files) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch {
        continue; // no such file: nothing to ignore at this level
      }
      rules = (rules ?? ignore()).add(text);
    }
    this.perDir.set(dir, rules);
    return rules;
  }

  /** git's order: deeper files override shallower ones, and `!pattern` re-includes. */
  ignores(file: string, isDir: boolean): boolean {
    const rel = path.relative(this.root, file);
    if (!rel || rel.startsWith('..')) return false;
    const parts = rel.split(path.sep);
    // an ignored parent folder hides everything below it (git does not look inside)
    for (let i = 1; i < parts.length; i++) if (this.ignoresOne(path.join(this.root, ...parts.slice(0, i)), true)) return true;
    return this.ignoresOne(file, isDir);
  }

  private ignoresOne(file: string, isDir: boolean): boolean {
    let ignored = false;
    let dir = this.root;
    const parts = path.relative(this.root, file).split(path.sep);
    for (let i = 0; i < parts.length; i++) {
      const rules = this.rulesOf(dir);
      if (rules) {
        const rel = parts.slice(i).join('/') + (isDir ? '/' : '');
        const t = rules.test(rel);
        if (t.ignored) ignored = true;
        else if (t.unignored) ignored = false;
      }
      dir = path.join(dir, parts[i]);
    }
    return ignored;
  }
}

function findRepoRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

const displayPath = (abs: string, cwd: string) => {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
};

export interface Expansion {
  files: InputFile[];
  /** Skipped files and similar notes, for stderr. */
  notes: string[];
}

/**
 * Expands operands in order, without duplicates. A name that is neither a file, a
 * folder nor a glob that matches something is a usage error (a typo must not pass).
 */
export function expandOperands(operands: string[], opts: { cwd: string; configFor?: (dir: string) => ProjectConfig | undefined }): Expansion {
  const seen = new Set<string>();
  const files: InputFile[] = [];
  const notes: string[] = [];
  const ignoresCache = new Map<string, GitIgnores>();
  const gitIgnoresFor = (start: string) => {
    const root = findRepoRoot(start) ?? start;
    let g = ignoresCache.get(root);
    if (!g) ignoresCache.set(root, (g = new GitIgnores(root)));
    return g;
  };
  const configIgnores = (abs: string) => {
    const config = opts.configFor?.(path.dirname(abs));
    return config && isIgnoredByConfig(config, abs) ? config.file : undefined;
  };
  const push = (abs: string, display: string, named: boolean) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const by = configIgnores(abs);
    if (by) {
      if (named) notes.push(`skipped ${display}: ignored by ${displayPath(by, opts.cwd)}`);
      return;
    }
    files.push({ path: abs, display });
  };
  for (const op of operands) {
    if (op === '-') {
      if (!seen.has('-')) files.push({ path: '-', display: '<stdin>' });
      seen.add('-');
      continue;
    }
    const abs = path.resolve(opts.cwd, op);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        notes.push(`skipped ${op}: cannot read it (${code})`);
        continue;
      }
    }
    if (st?.isDirectory()) {
      const ignores = gitIgnoresFor(abs);
      const before = files.length;
      walk(abs, ignores, (f) => push(f, displayPath(f, opts.cwd), false));
      if (files.length === before) notes.push(`no Markdown or text files to check in ${op}`);
    } else if (st) {
      push(abs, op, true);
    } else if (isDynamicPattern(op)) {
      const matches = globSync(op, { cwd: opts.cwd, dot: false, onlyFiles: true, absolute: true, ignore: ['**/.git/**', '**/node_modules/**'] }).sort();
      if (!matches.length) throw new UsageError(`no files match ${JSON.stringify(op)}`);
      for (const m of matches) {
        const f = path.resolve(m);
        if (!gitIgnoresFor(path.dirname(f)).ignores(f, false)) push(f, displayPath(f, opts.cwd), false);
      }
    } else {
      throw new UsageError(`no such file or folder: ${op}`);
    }
  }
  return { files, notes };
}

function walk(dir: string, ignores: GitIgnores, found: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable folder below the one named: nothing in it can be checked
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!NEVER_ENTER.has(e.name) && !ignores.ignores(full, true)) walk(full, ignores, found);
    } else if ((e.isFile() || e.isSymbolicLink()) && PROSE_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) {
      if (e.isSymbolicLink() && !safeIsFile(full)) continue;
      if (!ignores.ignores(full, false)) found(full);
    }
  }
}

function safeIsFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export type Decoded = { text: string; encoding: string } | { skip: string };

/** Bytes to text: UTF-8 (BOM or not), UTF-16 LE/BE with BOM; anything else is a reason to skip. */
export function decode(buf: Buffer): Decoded {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3), 'UTF-8 with BOM');
  if (buf[0] === 0xff && buf[1] === 0xfe && !(buf[2] === 0 && buf[3] === 0)) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'UTF-16LE' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'UTF-16BE' };
  if (isBinaryFileSync(buf, buf.length)) {
    const guess = guessEncoding(buf);
    return { skip: guess && /^UTF-(16|32)/.test(guess) ? `${guess} without a byte-order mark (save it as UTF-8)` : 'binary file' };
  }
  return utf8(buf, 'UTF-8');
}

function utf8(buf: Buffer, encoding: string): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding };
  } catch {
    const guess = guessEncoding(buf);
    return { skip: `not UTF-8${guess ? ` (looks like ${guess})` : ''}; convert it to UTF-8, e.g. iconv -f ${guess ?? 'ENCODING'} -t UTF-8` };
  }
}

function guessEncoding(buf: Buffer): string | undefined {
  return chardet.detect(buf.subarray(0, 64 * 1024)) ?? undefined;
}

/** The default per-file limit of `check` (--max-file-size): far above any prose file, far below what would exhaust memory. */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export function formatBytes(n: number): string {
  const unit = (x: number, name: string) => `${Number.isInteger(x) ? x : x.toFixed(1)} ${name}`;
  return n >= 1024 * 1024 ? unit(n / 1024 / 1024, 'MiB') : n >= 1024 ? unit(n / 1024, 'KiB') : `${n} bytes`;
}

/**
 * Reads and decodes one input, never more than `maxBytes` (+1 to tell): a regular file
 * over the limit is refused from its size; a device, pipe or stdin is read until the
 * limit and then refused, so `check /dev/zero` ends at once. A reason instead of text
 * when it cannot be checked.
 */
export async function readInput(file: InputFile, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<Decoded> {
  const tooBig = (what: string) => ({ skip: `${what} over the limit of ${formatBytes(maxBytes)} per file (raise it with --max-file-size)` });
  try {
    if (file.path === '-') {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        total += chunk.length;
        if (total > maxBytes) {
          process.stdin.destroy(); // stop reading: the rest is never needed
          return tooBig('standard input is');
        }
      }
      return decode(Buffer.concat(chunks));
    }
    const handle = await fs.promises.open(file.path, 'r');
    try {
      const st = await handle.stat();
      if (st.isDirectory()) return { skip: 'is a folder' };
      if (st.isFile() && st.size > maxBytes) return tooBig(`${formatBytes(st.size)} is`);
      // devices, pipes and files that grow: read with a bound whatever stat says
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (!bytesRead) break;
        chunks.push(buf.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) return tooBig(st.isFile() ? 'it grew' : 'it is a device or pipe whose content is');
      }
      return decode(Buffer.concat(chunks));
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { skip: `cannot read it (${code ?? (e as Error).message})` };
  }
}

/** `--max-file-size`: bytes, or with a unit (K, M, G; KB, MB, MiB...). */
export function parseSize(value: string | undefined, usage: (m: string) => Error): number {
  if (value === undefined) return DEFAULT_MAX_FILE_BYTES;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
  const n = m ? Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase()) : NaN;
  if (!m || !(n >= 1)) throw usage(`--max-file-size must be a size such as 8M or 500K, not "${value}"`);
  return Math.floor(n);
}
