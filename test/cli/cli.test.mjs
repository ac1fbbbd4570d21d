// The emotion-lens command line, run as a user would (node bin/emotion-lens.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'emotion-lens.js');
const run = (args, input, opts = {}) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', ...opts });

test('classify --json: one object per line, in order, with the flag rule', () => {
  const r = run(['classify', '--json'], 'I am so angry at this build\nBump lodash to 4.17.21\n');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].label, 'anger');
  assert.equal(lines[0].flagged, true);
  assert.equal(lines[1].flagged, false);
  assert.deepEqual(Object.keys(lines[0].scores), ['sadness', 'joy', 'love', 'anger', 'fear', 'surprise']);
  assert.equal(lines[0].score, Math.max(...Object.values(lines[0].scores)));
});

test('classify: empty lines, 20,000 characters, emoji, CJK and NUL never throw', () => {
  const input = ['', 'furious '.repeat(2500), '😡🎉', '今天很高兴', 'nul\u0000byte', 'last'].join('\n') + '\n';
  const r = run(['classify', '--json'], input);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 6);
  assert.equal(lines[0].flagged, false);
  assert.equal(lines[1].label, 'anger');
});

test('--help exits 0; bad usage exits 2 with a message', () => {
  const h = run(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage:/);
  for (const args of [[], ['nope'], ['classify', '--bogus'], ['classify', '--threshold', 'x'], ['check'], ['check', '--fail-on', 'grumpy', 'README.md']]) {
    const r = run(args, '');
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /emotion-lens: /);
  }
  const m = run(['classify', '--model', '/no/such/dir'], 'x\n');
  assert.equal(m.status, 1);
  assert.match(m.stderr, /model folder not found/);
});

/** A fresh folder under the system temp dir, removed when the test ends. */
function tempDir(t, prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('check: Markdown with the same angry sentence in a code fence and a paragraph gives one result', (t) => {
  const dir = tempDir(t, 'el-check-');
  const file = path.join(dir, 'notes.md');
  fs.writeFileSync(file, '# Notes\n\n```\nI am so angry and furious at this build.\n```\n\nI am so angry and furious at this build.\n\nBump lodash to 4.17.21.\n');
  const r = run(['check', '--json', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const flagged = out.files[0].sentences.filter((s) => s.flagged);
  assert.equal(out.files[0].language, 'markdown');
  assert.equal(flagged.length, 1);
  assert.equal(flagged[0].label, 'anger');
  assert.equal(flagged[0].range.start.line, 6);
  const text = run(['check', file]);
  assert.match(text.stdout, new RegExp(`notes\\.md:7:1  anger \\d+%  I am so angry`));
  assert.match(text.stdout, /3 sentences in 1 file: 1 anger, 2 neutral/);
  const fail = run(['check', '--fail-on', 'anger,fear', file]);
  assert.equal(fail.status, 1);
  assert.equal(run(['check', '--fail-on', 'joy', file]).status, 0);
  assert.equal(run(['check', '-'], 'I am so angry and furious at this build.').status, 0);
});

function tempRepo(t) {
  const dir = tempDir(t, 'el-repo-');
  const git = (...a) => execFileSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  git('init', '-q');
  return { dir, git };
}

test('hook: install, commit-msg warns, --fail-on blocks, uninstall; a foreign hook is never replaced', (t) => {
  const { dir, git } = tempRepo(t);
  const r = run(['hook', 'install'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const hook = path.join(dir, '.git', 'hooks', 'commit-msg');
  assert.ok(fs.statSync(hook).mode & 0o100);
  fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
  git('add', 'a.txt');
  const warned = spawnSync('git', ['commit', '-m', 'I am so angry and furious that this broke again', '-q'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  assert.equal(warned.status, 0, warned.stderr);
  assert.match(warned.stdout + warned.stderr, /COMMIT_EDITMSG:1:1  anger \d+%/); // warned (git shows hook output on stderr), committed
  assert.equal(git('log', '--oneline').trim().split('\n').length, 1);
  assert.equal(run(['hook', 'install', '--fail-on', 'anger'], '', { cwd: dir }).status, 0);
  fs.writeFileSync(path.join(dir, 'b.txt'), 'b');
  git('add', 'b.txt');
  const blocked = spawnSync('git', ['commit', '-m', 'I am so angry and furious that this broke again'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  assert.notEqual(blocked.status, 0);
  assert.equal(git('log', '--oneline').trim().split('\n').length, 1);
  const neutral = spawnSync('git', ['commit', '-m', 'Add b.txt with the second letter'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  assert.equal(neutral.status, 0, neutral.stderr);
  assert.equal(run(['hook', 'uninstall'], '', { cwd: dir }).status, 0);
  assert.ok(!fs.existsSync(hook));
  fs.writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
  const refused = run(['hook', 'install'], '', { cwd: dir });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /not written by emotion-lens/);
  assert.equal(run(['hook', 'uninstall'], '', { cwd: dir }).status, 1);
  assert.equal(fs.readFileSync(hook, 'utf8'), '#!/bin/sh\necho mine\n');
  const outside = run(['hook', 'install'], '', { cwd: os.tmpdir() });
  assert.equal(outside.status, 1);
  assert.match(outside.stderr, /not inside a git repository/);
});
