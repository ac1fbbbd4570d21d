/**
 * `emotion-lens commits [RANGE]`: the messages of a commit range, each read exactly as
 * the editor reads a commit message, for reviewing a pull request in CI.
 * `emotion-lens commit-msg FILE`: one message file, for commit-msg hooks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../analysis/analyzer';
import { gitOwnMessage, resolveCommentChar, subjectOf } from '../project/commitMessage';
import { commonOptions, note } from './check';
import { failedOn, formatReport } from './format';
import { git, repoRoot, configuredCommentChar } from './git';
import { decode } from './inputs';
import { Reviewer, Unit } from './review';
import { openLane, parseJobs } from './bulk';
import { loadClassifier } from './shared';
import { CannotRunError, EXIT, UsageError } from './usage';

const SHALLOW_ADVICE =
  'this is a shallow clone and the range reaches past its history: fetch more of it ' +
  '(git fetch --unshallow, or actions/checkout with fetch-depth: 0)';

/** The default range: what is not on the upstream branch yet, else the last commit. */
function defaultRange(cwd: string): { range: string; single: boolean } {
  const upstream = git(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], cwd);
  if (upstream.ok && upstream.stdout.trim()) return { range: `${upstream.stdout.trim()}..HEAD`, single: false };
  return { range: 'HEAD', single: true };
}

function shallowCommits(cwd: string): Set<string> {
  const isShallow = git(['rev-parse', '--is-shallow-repository'], cwd);
  if (!isShallow.ok || isShallow.stdout.trim() !== 'true') return new Set();
  const file = git(['rev-parse', '--git-path', 'shallow'], cwd);
  try {
    return new Set(fs.readFileSync(path.resolve(cwd, file.stdout.trim()), 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set(['?']); // shallow, boundary unknown: every range is suspect
  }
}

/** Commits of the range, oldest first, with their raw messages. */
function listCommits(range: string, single: boolean, cwd: string): Array<{ sha: string; message: string }> {
  const shallow = shallowCommits(cwd);
  // rev-parse first: a bad name is git's own message, not an empty review
  const names = range.split(/\.{2,3}/).filter(Boolean);
  for (const n of names.length ? names : ['HEAD']) {
    const ok = git(['rev-parse', '--verify', '--quiet', `${n}^{commit}`], cwd);
    if (!ok.ok) throw new UsageError(shallow.size ? `unknown revision "${n}" in ${range}: ${SHALLOW_ADVICE}` : `unknown revision "${n}" in ${range} (a commit, branch or tag; RANGE is A..B, A...B or one commit)`);
  }
  const args = single ? ['log', '-z', '--no-walk', '--format=%H%n%B', range, '--'] : ['log', '-z', '--reverse', '--format=%H%n%B', range, '--'];
  const r = git(args, cwd);
  if (!r.ok) throw new UsageError(shallow.size ? `${r.error}: ${SHALLOW_ADVICE}` : `bad range ${range}: ${r.error}`);
  const commits = r.stdout.split('\0').filter((e) => e.trim()).map((entry) => {
    const nl = entry.indexOf('\n');
    return { sha: entry.slice(0, nl < 0 ? undefined : nl).trim(), message: nl < 0 ? '' : entry.slice(nl + 1).replace(/\n$/, '') };
  });
  // a commit on the shallow boundary has parents git does not have: the range may go on below it
  if (!single && commits.some((c) => shallow.has(c.sha) || shallow.has('?'))) throw new UsageError(SHALLOW_ADVICE);
  return commits;
}

/** Commits to review before `commits` starts more than one checking process. */
const BULK_COMMITS = 64;

export async function commitsCommand(values: Record<string, any>, rest: string[]): Promise<number> {
  if (rest.length > 1) throw new UsageError('commits takes one RANGE (A..B, A...B or one commit)');
  const opts = commonOptions(values);
  parseJobs(values.jobs, (m) => new UsageError(m)); // a bad --jobs is a usage error before git runs
  const cwd = process.cwd();
  const root = repoRoot(cwd);
  if (!root) throw new UsageError('commits must run inside a git repository');
  const { range, single } = rest.length ? { range: rest[0], single: !/\.\./.test(rest[0]) } : defaultRange(cwd);
  if (range.startsWith('-')) throw new UsageError(`bad range ${range}`);
  const commits = listCommits(range, single, cwd);
  const probe = new Reviewer(new Analyzer(async () => []), 0, opts);
  probe.configFor(root, [root]); // a broken config is a usage error before the model loads
  const notes: string[] = [];
  if (!commits.length) notes.push(`no commits in ${range}`);
  const own = commits.map((c) => gitOwnMessage(c.message));
  if (commits.length && own.every(Boolean)) notes.push(`every commit in ${range} is git's own message (merge, revert, fixup...): nothing to review`);
  for (const n of notes) note(n);

  let units: Unit[] = commits.map((c, i) => ({ kind: 'commit', name: c.sha.slice(0, 12), sha: c.sha, subject: subjectOf(c.message), language: 'git-commit', sentences: [], problems: [], ...(own[i] ? { skipped: own[i] } : {}) }));
  const toReview = units.filter((u) => !u.skipped).length;
  if (toReview) {
    // more processes only when there is enough to share: each loads its own model
    const jobs = toReview >= BULK_COMMITS ? parseJobs(values.jobs, (m) => new UsageError(m)) : 1;
    const lane = await openLane(values, opts, [root], jobs);
    try {
      units = await Promise.all(units.map(async (u, i) => {
        if (u.skipped) return u;
        const r = await lane.review({ text: commits[i].message, language: 'git-commit', configDir: root });
        for (const p of r.problems) note(`commit ${u.name}:${p}`);
        return { ...u, ...r };
      }));
    } finally {
      lane.close();
    }
  }
  process.stdout.write(formatReport(units, { ...opts, command: 'commits', all: values.all, quiet: values.quiet, root, notes, json: { range } }));
  return failedOn(units, opts.failOn) ? EXIT.found : EXIT.ok;
}

/**
 * The commit-msg hook's check: silent on a clean message and on git's own messages;
 * flagged sentences on stdout; exit 1 only for a --fail-on label.
 */
export async function commitMsgCommand(values: Record<string, any>, rest: string[]): Promise<number> {
  if (rest.length !== 1) throw new UsageError('commit-msg takes the message FILE (git passes it to the hook as $1)');
  const opts = commonOptions(values);
  const file = rest[0];
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    throw new CannotRunError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const decoded = decode(buf);
  if ('skip' in decoded) throw new CannotRunError(`${file}: ${decoded.skip}`);
  const cwd = process.cwd();
  const root = repoRoot(cwd) ?? cwd;
  const commentChar = resolveCommentChar(configuredCommentChar(cwd), decoded.text);
  if (gitOwnMessage(decoded.text, commentChar)) return EXIT.ok;
  const probe = new Reviewer(new Analyzer(async () => []), 0, opts);
  probe.configFor(root, [root]);
  const classifier = await loadClassifier(values);
  const reviewer = new Reviewer(new Analyzer((t) => classifier.classify(t)), classifier.defaultThreshold, opts);
  const r = await reviewer.review(decoded.text, 'git-commit', reviewer.configFor(root, [root]), commentChar);
  for (const p of r.problems) note(`${file}:${p}`);
  const unit: Unit = { kind: 'file', name: file, uri: path.relative(root, path.resolve(file)).split(path.sep).join('/'), language: 'git-commit', ...r };
  const failed = failedOn([unit], opts.failOn);
  const flagged = unit.sentences.some((s) => s.flagged);
  if (opts.format !== 'text') process.stdout.write(formatReport([unit], { ...opts, command: 'commit-msg', root, notes: [], json: { commentChar } }));
  else if (flagged) {
    process.stdout.write(formatReport([unit], { ...opts, command: 'commit-msg', quiet: true, root, notes: [] }));
    if (failed) {
      // an HTML comment stays in the message, so `commits` in CI honours it too (a comment line would be stripped)
      note(`commit refused: ${opts.failOn.join('/')} found (--fail-on). Rephrase it, or put <!-- emotion-lens-disable-next-line --> on the line before the sentence.`);
    }
  }
  return failed ? EXIT.found : EXIT.ok;
}
