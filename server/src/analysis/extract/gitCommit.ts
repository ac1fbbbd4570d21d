import { paragraphs, Prose } from './types';

/** Git's scissors line: everything below it (the diff of `commit -v`) is not the message. */
const SCISSORS = /^# -+ >8 -+$/;
/** `Key: value` trailers (Signed-off-by:, Co-authored-by:, Fixes:...) are metadata, not prose. */
export const TRAILER = /^(?:[A-Za-z]+(?:-[A-Za-z]+)+|Fixes|Closes|Resolves|Refs|See|Cc|Bug|Issue|Change-Id):\s/;

/**
 * A commit message (the `git-commit` editor, the Source Control input box):
 * skips `#` comment lines, trailers and everything from the scissors line on.
 */
export function extractGitCommit(text: string): Prose {
  return paragraphs(
    text,
    (line) => !line.startsWith('#') && !TRAILER.test(line),
    (line) => SCISSORS.test(line),
  );
}
