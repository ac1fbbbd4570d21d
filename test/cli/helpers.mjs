// Shared by the CLI tests: run the real command line, temporary folders and real git repositories.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'emotion-lens.js');

/** Sentences the model reads the same way whatever its version: clearly angry, clearly neutral. */
export const ANGRY = 'I am so angry and furious that this broke again.';
export const NEUTRAL = 'Bump lodash to 4.17.21.';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
};

/** The CLI as a user runs it: `node bin/emotion-lens.js ARGS`. */
export const run = (args, input, opts = {}) => spawnSync(process.execPath, [BIN, ...args], {
  input, encoding: 'utf8', ...opts, env: { ...process.env, ...GIT_ENV, ...opts.env },
});

/** A fresh folder under the system temp dir, removed when the test ends. */
export function tempDir(t, prefix = 'el-') {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real git repository with a `main` branch; `git(...)` runs in it and returns stdout. */
export function tempRepo(t, dir = tempDir(t, 'el-repo-')) {
  const git = (...a) => execFileSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  /** Writes a file and commits it with `message`; returns the commit id. */
  const commit = (message, file = `f${Math.random().toString(36).slice(2)}.txt`, content = 'x\n') => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
    git('add', file);
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD').trim();
  };
  return { dir, git, commit };
}

export function write(dir, file, content) {
  const p = path.join(dir, file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}
