// `emotion-lens commits` on real repositories: commits, merges, reverts, fixups, an upstream, shallow clones, bad ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ANGRY, GIT_ENV, NEUTRAL, run, tempDir, tempRepo } from './helpers.mjs';

test('a range: author messages reviewed as the editor reads them; merges, reverts, fixup!/squash!/amend! skipped', (t) => {
  const { dir, git, commit } = tempRepo(t);
  const base = commit('Initial commit of the notes');
  git('checkout', '-q', '-b', 'angry-fix');
  const angry = commit(`Fix the parser\n\n${ANGRY}\n\nSigned-off-by: Furious Angry <furious@example.com>`);
  git('checkout', '-q', 'main');
  commit(NEUTRAL);
  git('merge', '-q', '--no-ff', '--no-edit', 'angry-fix'); // "Merge branch 'angry-fix'"
  git('revert', '--no-edit', angry); // Revert "Fix the parser"
  commit(`fixup! ${ANGRY}`);
  commit(`squash! ${ANGRY}`);
  commit(`amend! ${ANGRY}\n\n${ANGRY}`);
  commit(`Merge pull request #12 from octo/love-letter\n\nI love you so much, my darling.`);
  commit(`Merge remote-tracking branch 'origin/furious-fix'`);
  const r = run(['commits', '--json', '--fail-on', 'anger', `${base}..HEAD`], '', { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.range, `${base}..HEAD`);
  const reviewed = out.commits.filter((c) => !c.skipped);
  assert.deepEqual(reviewed.map((c) => c.subject), ['Fix the parser', NEUTRAL], 'oldest first, git\'s own messages skipped');
  assert.equal(out.commits.filter((c) => c.skipped).length, 7);
  for (const c of out.commits.filter((x) => x.skipped)) assert.match(c.skipped, /^git's own message/);
  const fix = reviewed[0];
  assert.equal(fix.sha, angry);
  const flagged = fix.sentences.filter((s) => s.flagged);
  assert.deepEqual(flagged.map((s) => [s.label, s.range.start.line, s.text]), [['anger', 2, ANGRY]]);
  assert.ok(!fix.sentences.some((s) => /Signed-off-by/.test(s.text)), 'trailers are not prose');
  // text and annotations name the commit
  const text = run(['commits', `${base}..HEAD`], '', { cwd: dir });
  assert.equal(text.status, 0);
  assert.match(text.stdout, new RegExp(`^${angry.slice(0, 12)}:3:1 {2}anger \\d+% {2}${ANGRY}$`, 'm'));
  assert.match(text.stdout, /sentences? in 2 commits \(7 skipped: git's own messages\)/);
  const gh = run(['commits', '--format', 'github', `${base}..HEAD`], '', { cwd: dir });
  assert.match(gh.stdout, new RegExp(`^::notice title=Emotion Lens%3A anger \\d+%25 in commit ${angry.slice(0, 12)}::${ANGRY} \\(commit ${angry.slice(0, 12)} "Fix the parser", line 3\\)$`, 'm'));
  // the merge alone: nothing to review, said on stderr, exit 0
  const merge = run(['commits', '--fail-on', 'anger', 'HEAD~6'], '', { cwd: dir });
  assert.equal(merge.status, 0, merge.stderr);
  assert.match(merge.stderr, /every commit in HEAD~6 is git's own message/);
});

test('default range: the commits not on the upstream branch, else HEAD', (t) => {
  const origin = tempRepo(t);
  origin.commit('Initial commit of the notes');
  const clone = tempDir(t, 'el-clone-');
  execFileSync('git', ['clone', '-q', origin.dir, clone], { env: { ...process.env, ...GIT_ENV } });
  const { git, commit } = tempRepo(t, clone); // re-init is harmless and gives the helpers
  commit(`Fix the parser\n\n${ANGRY}`);
  commit(NEUTRAL);
  const r = run(['commits', '--json'], '', { cwd: clone });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.range, 'origin/main..HEAD');
  assert.deepEqual(out.commits.map((c) => c.subject), ['Fix the parser', NEUTRAL]);
  git('branch', '--unset-upstream');
  const head = JSON.parse(run(['commits', '--json'], '', { cwd: clone }).stdout);
  assert.equal(head.range, 'HEAD');
  assert.deepEqual(head.commits.map((c) => c.subject), [NEUTRAL]);
});

test('a shallow clone whose history the range reaches past, and a bad range, are exit 2 with advice, never a pass', (t) => {
  const origin = tempRepo(t);
  origin.commit('Initial commit of the notes');
  const base = origin.commit('Add the parser');
  origin.commit(`Fix the parser\n\n${ANGRY}`);
  origin.commit(NEUTRAL);
  const shallow = tempDir(t, 'el-shallow-');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, shallow], { env: { ...process.env, ...GIT_ENV } });
  // the base commit is not in the clone
  let r = run(['commits', '--fail-on', 'anger', `${base}..HEAD`], '', { cwd: shallow });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /shallow clone.*fetch-depth: 0/);
  // a range that is there, but reaches the boundary (HEAD~1 does not exist)
  r = run(['commits', '--fail-on', 'anger', `HEAD~1..HEAD`], '', { cwd: shallow });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /shallow clone/);
  // one commit (HEAD) can be reviewed in a shallow clone
  assert.equal(run(['commits', 'HEAD'], '', { cwd: shallow }).status, 0);
  // deepened enough, the same range works
  execFileSync('git', ['fetch', '-q', '--depth', '3'], { cwd: shallow, env: { ...process.env, ...GIT_ENV } });
  r = run(['commits', '--fail-on', 'anger', `${base}..HEAD`], '', { cwd: shallow });
  assert.equal(r.status, 1, r.stderr);
  for (const bad of ['nope..HEAD', 'HEAD..nope', 'no-such-branch']) {
    r = run(['commits', bad], '', { cwd: origin.dir });
    assert.equal(r.status, 2, bad);
    assert.match(r.stderr, /^emotion-lens: unknown revision "no(pe|-such-branch)"/, bad);
  }
  const outside = run(['commits'], '', { cwd: tempDir(t) });
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /inside a git repository/);
});

test('--format sarif for commits is valid SARIF with the commit as a logical location', async (t) => {
  const { dir, commit } = tempRepo(t);
  const base = commit('Initial commit of the notes');
  const sha = commit(`Fix the parser\n\n${ANGRY}`);
  const r = run(['commits', '--format', 'sarif', `${base}..HEAD`], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const log = JSON.parse(r.stdout);
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv-draft-04');
  const ajv = new Ajv({ strict: false, unicodeRegExp: false });
  require('ajv-formats')(ajv);
  const fs = await import('node:fs');
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'sarif-2.1.0-rtm.5.json'), 'utf8')));
  assert.ok(validate(log), JSON.stringify(validate.errors));
  const res = log.runs[0].results.find((x) => x.ruleId === 'anger');
  assert.equal(res.locations[0].logicalLocations[0].name, sha);
  assert.equal(res.properties.commit, sha);
});
