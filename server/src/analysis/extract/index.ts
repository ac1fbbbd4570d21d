import { extractComments, commentStyle } from './comments';
import { extractGitCommit } from './gitCommit';
import { extractMarkdown } from './markdown';
import { extractPlaintext } from './plaintext';
import { Prose } from './types';

export type { Prose } from './types';

/** The prose of a document, by language; undefined when the language has none to read. */
export function extractProse(text: string, languageId: string, comments: boolean): Prose | undefined {
  switch (languageId) {
    case 'plaintext':
      return extractPlaintext(text);
    case 'markdown':
      return extractMarkdown(text);
    case 'git-commit':
    case 'scminput':
      return extractGitCommit(text);
  }
  const style = comments ? commentStyle(languageId) : undefined;
  return style ? extractComments(text, style) : undefined;
}
