/**
 * Only English is judged: the model was trained on English, and on other languages
 * it flags ordinary sentences. Each paragraph's prose goes through eld (Efficient
 * Language Detector, n-gram based, no dependencies, runs in Node and browsers); its
 * extra-small data set was as accurate as the larger ones on short paragraphs and
 * is the lightest (see the README's decisions for the measurements).
 *
 * A paragraph is skipped only when it is long enough to judge (four plain words, or five
 * CJK characters), eld calls its result reliable, and English scores well below the
 * winner: short technical English ("Bump tokenizers.js to v0.1.1") looks foreign to
 * any detector, and skipping English is worse than judging a foreign sentence.
 */
import { eld } from 'eld/extrasmall';

/** English's score must be below this share of the winner's for a paragraph to count as foreign. */
const MARGIN = 0.8;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** The paragraph's language when it is confidently not English; undefined otherwise. */
export function foreignLanguage(paragraph: string): string | undefined {
  // plain words only: versions, file names and identifiers say nothing of the language
  const words = paragraph.split(/\s+/).filter((w) => /^\p{L}[\p{L}'’-]*[.,;:!?)]*$/u.test(w)).length;
  if (words < 4 && (paragraph.match(CJK)?.length ?? 0) < 5) return undefined;
  const r = eld.detect(paragraph);
  if (!r.language || r.language === 'en' || !r.isReliable()) return undefined;
  const scores = r.getScores();
  return (scores.en ?? 0) < MARGIN * scores[r.language] ? r.language : undefined;
}
