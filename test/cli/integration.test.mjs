// The CI integrations as their hosts run them: the GitHub Action's script (from action.yml) in a
// real repository with a pull request's range, and the pre-commit hooks' entries as pre-commit
// calls them (entry + args + file names).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { ANGRY, BIN, GIT_ENV, NEUTRAL, ROOT, tempDir, tempRepo, write } from './helpers.mjs';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml');

/** Runs the action's "Review" step as the runner would: bash, the step's env, the repository as working folder. */
function runAction(cwd, inputs, event = {}) {
  const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const step = action.runs.steps.find((s) => s.name === 'Review');
  const input = (name) => inputs[name] ?? action.inputs[name].default;
  const env = {
    EL_PATHS: input('paths'), EL_COMMITS: input('commits'), EL_FAIL_ON: input('fail-on'), EL_LABELS: input('labels'), EL_THRESHOLD: input('threshold'),
    EL_BASE: input('base') || event.base || '', EL_HEAD: input('head') || event.head || '',
  };
  assert.deepEqual(Object.keys(env).sort(), Object.keys(step.env).sort(), 'the test passes every variable the step sets');
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env, GITHUB_ACTION_PATH: ROOT } });
}

test('action.yml: annotations for Markdown and for the pull request\'s commits; --fail-on fails the job; a shallow checkout is an error, not a pass', (t) => {
  const { dir, git, commit } = tempRepo(t);
  write(dir, 'docs/guide.md', `# Guide\n\n${NEUTRAL}\n\n${ANGRY}\n`);
  write(dir, 'notes.txt', `${NEUTRAL}\n`);
  const base = commit('Initial commit of the notes');
  git('checkout', '-q', '-b', 'feature');
  const angry = commit(`Fix the parser\n\n${ANGRY}`);
  commit(NEUTRAL);
  const head = git('rev-parse', 'HEAD').trim();
  let r = runAction(dir, {}, { base, head });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.ok(lines.some((l) => /^::notice file=docs\/guide\.md,line=5,endLine=5,col=1,/.test(l)), r.stdout);
  assert.ok(lines.some((l) => l.startsWith(`::notice title=Emotion Lens%3A anger`) && l.includes(`in commit ${angry.slice(0, 12)}`)), r.stdout);
  r = runAction(dir, { 'fail-on': 'anger', paths: 'docs/**/*.md' }, { base, head });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^::error file=docs\/guide\.md/m);
  assert.match(r.stdout, /^::error title=Emotion Lens%3A anger \d+%25 in commit/m, 'the commits were reviewed after the files failed');
  r = runAction(dir, { commits: 'false', labels: 'joy', 'fail-on': 'anger' });
  assert.equal(r.status, 0, 'anger is not a label: nothing to fail on');
  r = runAction(dir, { paths: '' });
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^::notice title=Emotion Lens::not a pull request/m);
  // actions/checkout's default depth of 1: the base is not there
  const shallow = tempDir(t, 'el-shallow-');
  spawnSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${dir}`, shallow], { env: { ...process.env, ...GIT_ENV } });
  r = runAction(shallow, { paths: '' }, { base, head });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /shallow clone.*fetch-depth: 0/);
});

test('.pre-commit-hooks.yaml: the commit-msg hook and the file hook, called as pre-commit calls them', (t) => {
  const hooks = yaml.load(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
  const byId = Object.fromEntries(hooks.map((h) => [h.id, h]));
  assert.deepEqual(byId['emotion-lens-commit-msg'].stages, ['commit-msg']);
  assert.equal(byId['emotion-lens-commit-msg'].language, 'node');
  const { dir } = tempRepo(t);
  // pre-commit's node environment puts the package's bin on PATH
  const bin = tempDir(t, 'el-bin-');
  fs.symlinkSync(BIN, path.join(bin, 'emotion-lens'));
  const call = (hook, args, files) => {
    const [cmd, ...entryArgs] = hook.entry.split(' ');
    return spawnSync(cmd, [...entryArgs, ...args, ...files], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, PATH: `${bin}:${process.env.PATH}` } });
  };
  const msg = write(dir, '.git/COMMIT_EDITMSG', `${ANGRY}\n# Please enter the commit message for your changes.\n`);
  let r = call(byId['emotion-lens-commit-msg'], ['--fail-on', 'anger'], [msg]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /COMMIT_EDITMSG:1:1 {2}anger/);
  fs.writeFileSync(msg, `${NEUTRAL}\n# ${ANGRY}\n`);
  r = call(byId['emotion-lens-commit-msg'], ['--fail-on', 'anger'], [msg]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout + r.stderr, '', 'silent when clean');
  write(dir, 'a.md', `${ANGRY}\n`);
  write(dir, 'b.txt', `${NEUTRAL}\n`);
  r = call(byId['emotion-lens'], ['--fail-on', 'anger'], ['a.md', 'b.txt']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim(), `a.md:1:1  anger ${r.stdout.match(/anger (\d+%)/)[1]}  ${ANGRY}`);
  assert.ok(new RegExp(byId['emotion-lens'].files).test('docs/x.md'));
});
