/**
 * `emotion-lens hook install|uninstall`: a git commit-msg hook that runs `commit-msg`.
 *
 * The hook holds no machine-specific paths: it finds emotion-lens in the repository's
 * node_modules/.bin, else on PATH, so it survives the checkout moving and can be shared
 * through a tracked core.hooksPath folder. It never gets in the way: when the tool is
 * missing or fails it says so in one line and lets the commit through; only a --fail-on
 * label that was found blocks a commit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { git } from './git';
import { parseLabels } from './shared';
import { CannotRunError, EXIT, UsageError } from './usage';

export const HOOK_MARKER = '# installed by emotion-lens: emotion-lens hook uninstall removes it';

function hooksDir(): string {
  const r = git(['rev-parse', '--git-path', 'hooks']);
  if (!r.ok) throw new UsageError('not inside a git repository');
  return path.resolve(r.stdout.trim());
}

/** The hook script; `failOn` labels are validated emotion names (no quoting needed). */
export function hookScript(failOn: string[]): string {
  const args = failOn.length ? ` --fail-on ${failOn.join(',')}` : '';
  return `#!/bin/sh
${HOOK_MARKER}
# Reviews the tone of the commit message (emotion-lens commit-msg${args}).
# It finds emotion-lens in this repository's node_modules/.bin, else on PATH. If it is
# missing or cannot run, it says so in one line and the commit goes ahead; ${failOn.length ? 'it blocks a\n# commit only when a --fail-on label is found' : 'it never blocks a\n# commit (warn-only)'}.
top=$(git rev-parse --show-toplevel 2>/dev/null)
if [ -n "$top" ] && [ -x "$top/node_modules/.bin/emotion-lens" ]; then
  tool="$top/node_modules/.bin/emotion-lens"
elif command -v emotion-lens >/dev/null 2>&1; then
  tool=emotion-lens
else
  echo "emotion-lens: not found in node_modules/.bin or on PATH; commit message not reviewed (npm install, or emotion-lens hook uninstall)" >&2
  exit 0
fi
"$tool" commit-msg${args} "$1"
status=$?
${failOn.length ? '[ "$status" -eq 1 ] && exit 1\n' : ''}# 2 and 3 (usage, could not run): the tool has said why in one line
if [ "$status" -gt 3 ]; then
  echo "emotion-lens: stopped with status $status; commit message not reviewed" >&2
fi
exit 0
`;
}

/** True when git tracks files in `dir` (a shared core.hooksPath folder). */
function isTracked(dir: string): boolean {
  const r = git(['ls-files', '--', '.'], dir);
  return r.ok && r.stdout.trim().length > 0;
}

export function hookCommand(action: string | undefined, values: Record<string, any>): number {
  if (action !== 'install' && action !== 'uninstall') throw new UsageError('hook needs install or uninstall');
  const dir = hooksDir();
  const file = path.join(dir, 'commit-msg');
  const ours = fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(HOOK_MARKER);
  if (action === 'install') {
    const failOn = parseLabels(values['fail-on']);
    if (fs.existsSync(file) && !ours) {
      throw new CannotRunError(`${file} exists and was not written by emotion-lens; not replacing it (call "emotion-lens commit-msg \\"$1\\"" from it instead)`);
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, hookScript(failOn), { mode: 0o755 });
    fs.chmodSync(file, 0o755);
    process.stdout.write(`${ours ? 'updated' : 'installed'} ${file}${failOn.length ? ` (blocks commits with ${failOn.join(', ')})` : ' (warns only)'}\n`);
    const hooksPath = git(['config', '--get', 'core.hooksPath']);
    if (hooksPath.ok && isTracked(dir)) {
      process.stdout.write(
        `note: ${dir} is core.hooksPath and tracked by git: commit ${path.basename(file)} to share the hook; ` +
          'it finds emotion-lens through node_modules/.bin or PATH on every machine\n',
      );
    }
    return EXIT.ok;
  }
  if (!fs.existsSync(file)) {
    process.stdout.write('no commit-msg hook to remove\n');
    return EXIT.ok;
  }
  if (!ours) throw new CannotRunError(`${file} was not written by emotion-lens; leaving it`);
  fs.unlinkSync(file);
  process.stdout.write(`removed ${file}\n`);
  return EXIT.ok;
}
