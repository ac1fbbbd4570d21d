/**
 * Commit messages as git sees them: the repository's comment character
 * (core.commentChar, `auto` included), the scissors line of `commit -v`, and the
 * messages git writes itself (merges, reverts, fixup!/squash!/amend!), which are not
 * the author's prose and are never judged.
 */
import { TRAILER } from '../analysis/extract/gitCommit';
import { lines } from '../analysis/extract/types';

/** git's candidates for core.commentChar=auto, in git's order of preference. */
const AUTO_CANDIDATES = '#;@!$%^&|:';

const GIT_OWN_SUBJECTS: RegExp[] = [
  /^Merge (?:branch(?:es)?|remote-tracking branch(?:es)?|tags?|commits?) /, // git merge, git pull
  /^Merge pull request #\d+ from /, // GitHub
  /^Merge [0-9a-f]{7,40} into [0-9a-f]{7,40}$/, // GitHub's test merge of a pull request
  /^Merge "/, // Gerrit
  /^(?:Revert|Reapply) ".*"$/, // git revert (and reverting a revert)
  /^(?:fixup|squash|amend)! /, // git commit --fixup/--squash: replaced when rebased
];

/** The subject: the first line that is neither blank nor a comment. */
export function subjectOf(message: string, commentChar = '#'): string {
  for (const { text } of lines(message)) {
    if (!text.trim() || (commentChar && text.startsWith(commentChar))) continue;
    return text.trim();
  }
  return '';
}

/** True for the messages git writes itself; the reason, for reports. */
export function gitOwnMessage(message: string, commentChar = '#'): string | undefined {
  const subject = subjectOf(message, commentChar);
  return GIT_OWN_SUBJECTS.some((re) => re.test(subject)) ? `git's own message ("${subject.length > 60 ? subject.slice(0, 57) + '...' : subject}")` : undefined;
}

/**
 * The comment character of a message file from core.commentChar (or core.commentString):
 * unset → `#`; `auto` → the one git picked, read off the file: the character of the
 * scissors line, else of a bare comment line (git's template always has one), else the
 * first candidate no line starts with (then no line is a comment, as git chose it so).
 */
export function resolveCommentChar(configured: string | undefined, message: string): string {
  if (!configured) return '#';
  if (configured !== 'auto') return configured;
  const all = lines(message).map((l) => l.text);
  const scissors = all.map((l) => /^(.) -{24} >8 -{24}$/.exec(l)).find(Boolean);
  if (scissors && AUTO_CANDIDATES.includes(scissors[1])) return scissors[1];
  for (const c of AUTO_CANDIDATES) if (all.includes(c)) return c;
  for (const c of AUTO_CANDIDATES) if (!all.some((l) => l.startsWith(c))) return c;
  return '#';
}

/**
 * The message with what git will remove blanked to spaces (same length, so offsets and
 * lines still match the file): comment lines, and everything from the scissors line on;
 * trailers are blanked as the editor's commit-message extraction does. With `#` this is
 * exactly the editor's git-commit extraction; other characters keep `#` lines as prose.
 */
export function maskCommitMessage(message: string, commentChar: string): string {
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  const scissors = `${commentChar} ------------------------ >8 ------------------------`;
  let out = '';
  let cut = false;
  let at = 0;
  for (const line of lines(message)) {
    out += message.slice(at, line.start); // the line break before this line
    if (line.text === scissors) cut = true;
    const drop = cut || (commentChar && line.text.startsWith(commentChar)) || TRAILER.test(line.text);
    out += drop ? blank(line.text) : line.text;
    at = line.end;
  }
  return out + message.slice(at);
}
