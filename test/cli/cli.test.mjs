// The emotion-lens command line, run as a user would (node bin/emotion-lens.js): classify, usage, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ANGRY, NEUTRAL, ROOT, run, tempDir, write } from './helpers.mjs';

const EMOTIONS = ['sadness', 'joy', 'love', 'anger', 'fear', 'surprise'];

test('classify --json: one object per line, in order; label is the flagged emotion or neutral, top the likeliest of six', () => {
  const r = run(['classify', '--json'], `I am so angry at this build\n${NEUTRAL}\n\n`);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.deepEqual([lines[0].label, lines[0].top, lines[0].flagged], ['anger', 'anger', true]);
  for (const blankOrNeutral of lines.slice(1)) {
    assert.equal(blankOrNeutral.label, 'neutral');
    assert.equal(blankOrNeutral.flagged, false);
    assert.ok(EMOTIONS.includes(blankOrNeutral.top));
    assert.equal(blankOrNeutral.score, blankOrNeutral.scores[blankOrNeutral.top]);
  }
  assert.deepEqual(Object.keys(lines[0].scores), EMOTIONS);
  assert.equal(lines[0].score, Math.max(...Object.values(lines[0].scores)));
  assert.equal(typeof lines[0].neutral, 'number');
  // --labels: anger is no longer a label, so the same line is neutral
  const joyOnly = JSON.parse(run(['classify', '--json', '--labels', 'joy'], 'I am so angry at this build\n').stdout);
  assert.deepEqual([joyOnly.label, joyOnly.top, joyOnly.flagged], ['neutral', 'anger', false]);
});

test('classify: empty lines, 20,000 characters, emoji, CJK and NUL never throw; text output escapes control characters', () => {
  const input = ['', 'furious '.repeat(2500), '😡🎉', '今天很高兴', 'nul\u0000byte', 'last'].join('\n') + '\n';
  const r = run(['classify', '--json'], input);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 6);
  assert.equal(lines[0].flagged, false);
  assert.equal(lines[1].top, 'anger');
  const t = run(['classify'], 'clear \u001b[2J\u001b]0;owned\u0007 screen \u202e\n');
  assert.equal(t.status, 0, t.stderr);
  assert.doesNotMatch(t.stdout, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  assert.match(t.stdout, /clear \\x1b\[2J\\x1b\]0;owned\\x07 screen \\u202e/);
});

test('--help and --version exit 0; bad usage is one line and a pointer to --help, exit 2', () => {
  const h = run(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage:/);
  assert.match(h.stdout, /Exit status: 0 nothing to fail on; 1 a --fail-on label was found; 2 bad usage/);
  const v = run(['--version']);
  assert.equal(v.status, 0);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.equal(v.stdout.trim(), `emotion-lens ${pkg.version}`);
  const cases = [[], ['nope'], ['classify', '--bogus'], ['classify', '--threshold', 'x'], ['check'], ['check', '--fail-on', 'grumpy', 'README.md'],
    ['check', '--format', 'xml', 'README.md'], ['check', '--labels', 'anger,meh', 'README.md'], ['check', 'no-such-file.md'], ['check', 'no-such-*.md'],
    ['commits', 'a..b', 'c..d'], ['hook', 'reinstall'], ['check', '--config', 'x.json', '--no-config', 'README.md']];
  for (const args of cases) {
    const r = run(args, '', { cwd: ROOT });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0], /^emotion-lens: \S/);
    assert.equal(lines[1], 'Run "emotion-lens --help" for usage.');
    assert.doesNotMatch(r.stderr, /Usage:|\n\s+at /);
  }
});

test('a model that cannot load is exit 3 ("could not run"), never 1 (a finding), with one line', (t) => {
  const dir = tempDir(t);
  const file = write(dir, 'a.md', `${ANGRY}\n`);
  for (const args of [['classify', '--model', '/nonexistent'], ['check', '--model', '/nonexistent', '--fail-on', 'anger', file]]) {
    const r = run(args, 'x\n');
    assert.equal(r.status, 3, args.join(' '));
    assert.equal(r.stderr, 'emotion-lens: model folder not found: /nonexistent\n');
    assert.equal(r.stdout, '');
  }
});

test('a missing build is exit 3 with one line, not a stack trace', (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'emotion-lens.js'), path.join(dir, 'bin', 'emotion-lens.js'));
  const r = spawnNode([path.join(dir, 'bin', 'emotion-lens.js'), '--version']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /^emotion-lens: dist\/cli\.js is missing; run "npm run build"/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

import { spawnSync } from 'node:child_process';
function spawnNode(args) {
  return spawnSync(process.execPath, args, { encoding: 'utf8' });
}
