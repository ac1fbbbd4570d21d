// `npm test`'s pretest: builds dist/ (tests never run a stale bundle), then makes sure
// the VS Code tests can run on a fresh Debian machine: Chromium and git from Debian
// (installed when root, else a message with the command), code-server with the
// project's own installer (tools/install-code-server.sh; a few minutes, once).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'code-server-host');

const onPath = (cmd) => process.env.PATH.split(path.delimiter).some((d) => fs.existsSync(path.join(d, cmd)));

function aptInstall(packages) {
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`the VS Code tests need ${packages.join(' and ')} from Debian; install them with:\n  sudo sh -c '${command}'`);
  }
  console.log(`pretest: installing ${packages.join(', ')} from Debian`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

function main() {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!onPath('git')) missing.push('git');
  if (missing.length) aptInstall(missing);
  if (!fs.existsSync(path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server'))) {
    console.log(`pretest: installing code-server into ${CODE_SERVER_DIR} (a few minutes, once)`);
    execFileSync('bash', [path.join(ROOT, 'tools', 'install-code-server.sh'), CODE_SERVER_DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

try {
  main();
} catch (e) {
  console.error(`pretest: ${e.message}`);
  process.exitCode = 1;
}
