/** `emotion-lens hook install|uninstall`: a git commit-msg hook that runs `check`. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseLabels } from './shared';
import { UsageError } from './usage';

export const HOOK_MARKER = '# installed by emotion-lens: emotion-lens hook uninstall removes it';

function hooksDir(): string {
  try {
    const dir = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    return path.resolve(dir);
  } catch {
    throw new HookError('not inside a git repository');
  }
}

export class HookError extends Error {}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function hookCommand(action: string | undefined, values: Record<string, any>): number {
  const file = path.join(hooksDir(), 'commit-msg');
  const ours = fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(HOOK_MARKER);
  if (action === 'install') {
    const failOn = parseLabels(values['fail-on']);
    if (fs.existsSync(file) && !ours) throw new HookError(`${file} exists and was not written by emotion-lens; not replacing it`);
    const cli = path.resolve(__dirname, 'cli.js');
    const args = ['check', '--language', 'git-commit', ...(failOn.length ? ['--fail-on', failOn.join(',')] : [])];
    const script = [
      '#!/bin/sh',
      HOOK_MARKER,
      '# Shows the emotional tone of the commit message; blocks the commit only with --fail-on.',
      `exec ${shellQuote(process.execPath)} ${shellQuote(cli)} ${args.map(shellQuote).join(' ')} "$1"`,
      '',
    ].join('\n');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, script, { mode: 0o755 });
    process.stdout.write(`${ours ? 'updated' : 'installed'} ${file}${failOn.length ? ` (blocks commits with ${failOn.join(', ')})` : ' (warns only)'}\n`);
    return 0;
  }
  if (action === 'uninstall') {
    if (!fs.existsSync(file)) {
      process.stdout.write('no commit-msg hook to remove\n');
      return 0;
    }
    if (!ours) throw new HookError(`${file} was not written by emotion-lens; leaving it`);
    fs.unlinkSync(file);
    process.stdout.write(`removed ${file}\n`);
    return 0;
  }
  throw new UsageError('hook needs install or uninstall');
}
