/** Running git: its output, or its first error line, never an exception with a stack. */
import { spawnSync } from 'child_process';

export interface GitResult {
  ok: boolean;
  stdout: string;
  /** git's first stderr line (or the spawn error), for messages. */
  error: string;
}

export function git(args: string[], cwd = process.cwd()): GitResult {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { ok: false, stdout: '', error: `cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  const first = (r.stderr ?? '').split('\n').find((l) => l.trim()) ?? `git ${args[0]} exited with ${r.status}`;
  return { ok: r.status === 0, stdout: r.stdout ?? '', error: first.replace(/^(fatal|error): /, '') };
}

/** The work tree's top folder, or undefined outside a repository. */
export function repoRoot(cwd = process.cwd()): string | undefined {
  const r = git(['rev-parse', '--show-toplevel'], cwd);
  return r.ok ? r.stdout.trim() || undefined : undefined;
}

/** A config value, or undefined when unset. */
export function gitConfig(key: string, cwd = process.cwd()): string | undefined {
  const r = git(['config', '--get', key], cwd);
  return r.ok ? r.stdout.replace(/\n$/, '') : undefined;
}

/** core.commentString (git 2.45+) wins over core.commentChar, as in git. */
export function configuredCommentChar(cwd = process.cwd()): string | undefined {
  return gitConfig('core.commentString', cwd) ?? gitConfig('core.commentChar', cwd);
}
