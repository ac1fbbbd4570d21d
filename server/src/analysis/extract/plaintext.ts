import { paragraphs, Prose } from './types';

/** Plain text: every paragraph is prose. */
export function extractPlaintext(text: string): Prose {
  return paragraphs(text);
}
