// The commit-msg hook in real repositories with real commits: it finds the tool without absolute
// paths, honours core.commentChar, skips git's own messages, is silent when clean, never blocks a
// commit by accident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANGRY, BIN, GIT_ENV, NEUTRAL, ROOT, run, tempDir, tempRepo, write } from './helpers.mjs';

/** A repository whose node_modules/.bin/emotion-lens is this checkout (as `npm install` links it). */
function repoWithTool(t) {
  const repo = tempRepo(t);
  fs.mkdirSync(path.join(repo.dir, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(BIN, path.join(repo.dir, 'node_modules', '.bin', 'emotion-lens'));
  write(repo.dir, '.gitignore', 'node_modules/\n');
  repo.commit('Initial commit of the notes');
  return repo;
}

/** `git commit` as a person runs it; PATH without any emotion-lens unless `env` adds one. */
function gitCommit(dir, args, env = {}) {
  fs.writeFileSync(path.join(dir, `f${Math.random().toString(36).slice(2)}.txt`), 'x\n');
  spawnSync('git', ['add', '-A'], { cwd: dir, env: { ...process.env, ...GIT_ENV } });
  const r = spawnSync('git', ['commit', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, ...env } });
  return { ...r, output: r.stdout + r.stderr };
}
const commits = (dir) => spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
const toolLines = (output) => output.split('\n').filter((l) => /emotion-lens|COMMIT_EDITMSG/.test(l));

test('install: no absolute paths; warns without blocking; silent on a clean message; --fail-on blocks; uninstall', (t) => {
  const { dir } = repoWithTool(t);
  const r = run(['hook', 'install'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const hook = path.join(dir, '.git', 'hooks', 'commit-msg');
  const script = fs.readFileSync(hook, 'utf8');
  assert.ok(fs.statSync(hook).mode & 0o100);
  assert.ok(!script.includes(ROOT) && !script.includes(process.execPath), 'no machine-specific paths');
  let c = gitCommit(dir, ['-q', '-m', ANGRY]);
  assert.equal(c.status, 0, c.output);
  assert.match(c.output, /COMMIT_EDITMSG:1:1 {2}anger \d+%/);
  c = gitCommit(dir, ['-q', '-m', NEUTRAL]);
  assert.equal(c.status, 0, c.output);
  assert.deepEqual(toolLines(c.output), [], 'nothing printed for a clean message');
  assert.equal(run(['hook', 'install', '--fail-on', 'anger'], '', { cwd: dir }).status, 0);
  const before = commits(dir);
  c = gitCommit(dir, ['-q', '-m', ANGRY]);
  assert.notEqual(c.status, 0);
  assert.match(c.output, /commit refused: anger found \(--fail-on\)/);
  assert.equal(commits(dir), before);
  assert.equal(run(['hook', 'uninstall'], '', { cwd: dir }).status, 0);
  assert.ok(!fs.existsSync(hook));
});

test("git's own messages are not judged: merges of angry branches and pull requests of love letters go through", (t) => {
  const { dir, git, commit } = repoWithTool(t);
  assert.equal(run(['hook', 'install', '--fail-on', 'anger,love'], '', { cwd: dir }).status, 0);
  git('checkout', '-q', '-b', 'angry-fix');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
  git('add', 'b.txt');
  git('commit', '-q', '--no-verify', '-m', 'Fix the parser');
  git('checkout', '-q', 'main');
  commit('Add the second letter');
  const merge = spawnSync('git', ['merge', '--no-ff', '--no-edit', 'angry-fix'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  assert.equal(merge.status, 0, merge.stdout + merge.stderr);
  assert.match(spawnSync('git', ['log', '-1', '--format=%s'], { cwd: dir, encoding: 'utf8' }).stdout, /^Merge branch 'angry-fix'/);
  const pr = gitCommit(dir, ['-q', '-m', 'Merge pull request #12 from octo/love-letter\n\nI love you so much, my darling.']);
  assert.equal(pr.status, 0, pr.output);
  const revert = spawnSync('git', ['revert', '--no-edit', 'HEAD'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  assert.equal(revert.status, 0, revert.stdout + revert.stderr);
  assert.deepEqual(toolLines(pr.output + merge.stdout + merge.stderr + revert.stdout + revert.stderr), []);
});

test('core.commentChar: ";" with the diff below the scissors, and auto; the template and diff are never judged', (t) => {
  const { dir } = repoWithTool(t);
  assert.equal(run(['hook', 'install', '--fail-on', 'anger,sadness'], '', { cwd: dir }).status, 0);
  // the staged file is angry and sad: `commit -v` puts it in the message file below the scissors
  write(dir, 'rant.txt', `${ANGRY}\nI am so sad and miserable, I cried all night.\n`);
  const ed = path.join(os.tmpdir(), `el-editor-${process.pid}.sh`);
  fs.writeFileSync(ed, `#!/bin/sh\nprintf '%s\\n' "${NEUTRAL}" | cat - "$1" > "$1.new" && mv "$1.new" "$1"\n`, { mode: 0o755 });
  t.after(() => fs.rmSync(ed, { force: true }));
  let c = gitCommit(dir, ['-v'], { GIT_EDITOR: ed, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.commentChar', GIT_CONFIG_VALUE_0: ';' });
  assert.equal(c.status, 0, c.output);
  assert.deepEqual(toolLines(c.output), []);
  const msg = fs.readFileSync(path.join(dir, '.git', 'COMMIT_EDITMSG'), 'utf8');
  assert.match(msg, /^; -{24} >8 -{24}$/m, 'the hook saw the scissors and the diff');
  // auto: "#12 ..." starts a line, so git picks ";" and the "#" line is the author's prose
  c = gitCommit(dir, ['-e', '-m', `#12 ${ANGRY}`], { GIT_EDITOR: 'true', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.commentChar', GIT_CONFIG_VALUE_0: 'auto' });
  assert.notEqual(c.status, 0, c.output);
  assert.match(c.output, /COMMIT_EDITMSG:1:1 {2}anger/);
  // auto with a clean message and the angry diff below the scissors
  c = gitCommit(dir, ['-v'], { GIT_EDITOR: ed, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.commentChar', GIT_CONFIG_VALUE_0: 'auto' });
  assert.equal(c.status, 0, c.output);
  assert.deepEqual(toolLines(c.output), []);
});

test('a warn-only or blocking hook never blocks when the tool is missing, moved or failing: one line, commit made', (t) => {
  const { dir } = repoWithTool(t);
  assert.equal(run(['hook', 'install', '--fail-on', 'anger'], '', { cwd: dir }).status, 0);
  // moved: the link dangles (as when the checkout it pointed to is gone)
  const link = path.join(dir, 'node_modules', '.bin', 'emotion-lens');
  fs.rmSync(link);
  fs.symlinkSync('/nonexistent/emotion-lens/bin/emotion-lens.js', link);
  let before = commits(dir);
  let c = gitCommit(dir, ['-q', '-m', ANGRY]);
  assert.equal(c.status, 0, c.output);
  assert.equal(Number(commits(dir)), Number(before) + 1);
  assert.deepEqual(toolLines(c.output), ['emotion-lens: not found in node_modules/.bin or on PATH; commit message not reviewed (npm install, or emotion-lens hook uninstall)']);
  assert.doesNotMatch(c.output, /\n\s+at /);
  // on PATH instead: found and working (blocks the angry message)
  fs.rmSync(link);
  const bin = tempDir(t, 'el-path-');
  fs.symlinkSync(BIN, path.join(bin, 'emotion-lens'));
  c = gitCommit(dir, ['-q', '-m', ANGRY], { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` });
  assert.notEqual(c.status, 0, c.output);
  // failing: a broken .emotion-lens.json is the tool's exit 2: its one line, and the commit goes ahead
  write(dir, '.emotion-lens.json', '{ broken');
  before = commits(dir);
  c = gitCommit(dir, ['-q', '-m', ANGRY], { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` });
  assert.equal(c.status, 0, c.output);
  assert.equal(Number(commits(dir)), Number(before) + 1);
  assert.equal(toolLines(c.output).length, 1, c.output);
  assert.match(toolLines(c.output)[0], /^emotion-lens: .*\.emotion-lens\.json: not valid JSON at line 1/);
});

test('a tracked core.hooksPath folder: installed there, and said so; foreign hooks are never replaced', (t) => {
  const { dir, git } = repoWithTool(t);
  write(dir, '.githooks/pre-push', '#!/bin/sh\nexit 0\n');
  git('add', '.githooks/pre-push');
  git('commit', '-q', '-m', 'Add the shared hooks folder');
  git('config', 'core.hooksPath', '.githooks');
  const r = run(['hook', 'install'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.existsSync(path.join(dir, '.githooks', 'commit-msg')));
  assert.match(r.stdout, /note: .*\.githooks is core\.hooksPath and tracked by git: commit commit-msg to share the hook/);
  const c = gitCommit(dir, ['-q', '-m', ANGRY]);
  assert.equal(c.status, 0, c.output);
  assert.match(c.output, /anger \d+%/);
  // a hook it did not write: exit 3, left alone
  const mine = path.join(dir, '.githooks', 'commit-msg');
  fs.writeFileSync(mine, '#!/bin/sh\necho mine\n', { mode: 0o755 });
  const refused = run(['hook', 'install'], '', { cwd: dir });
  assert.equal(refused.status, 3);
  assert.match(refused.stderr, /not written by emotion-lens; not replacing it/);
  assert.equal(run(['hook', 'uninstall'], '', { cwd: dir }).status, 3);
  assert.equal(fs.readFileSync(mine, 'utf8'), '#!/bin/sh\necho mine\n');
  const outside = run(['hook', 'install'], '', { cwd: tempDir(t) });
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /not inside a git repository/);
});
