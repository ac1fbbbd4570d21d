/**
 * Sentences from Intl.Segmenter (granularity `sentence`) within each prose block.
 * Ranges are UTF-16 offsets into the original text; the sentence text is the
 * masked (prose-only) slice with whitespace collapsed.
 */
import type { Prose } from './extract';

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
/** A sentence needs at least one letter or digit to be worth classifying. */
const HAS_WORD = /[\p{L}\p{N}]/u;
/**
 * ICU in Node has no sentence-break suppressions ("Dr." ends a sentence for it), so
 * a segment that ends in a common abbreviation is joined to the next one.
 */
const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|e\.g|i\.e|cf|approx|fig|no|vol|inc|ltd|co)\.\s*$/i;

function* joinedSegments(slice: string): Generator<{ segment: string; index: number }> {
  let pending: { segment: string; index: number } | undefined;
  for (const { segment, index } of segmenter.segment(slice)) {
    const cur = pending ? { segment: pending.segment + segment, index: pending.index } : { segment, index };
    pending = undefined;
    if (ABBREVIATION.test(cur.segment)) pending = cur;
    else yield cur;
  }
  if (pending) yield pending;
}

export function segmentSentences(prose: Prose): Sentence[] {
  const out: Sentence[] = [];
  for (const [blockStart, blockEnd] of prose.blocks) {
    const slice = prose.masked.slice(blockStart, blockEnd);
    for (const { segment, index } of joinedSegments(slice)) {
      const lead = segment.length - segment.trimStart().length;
      const body = segment.trim();
      if (!body || !HAS_WORD.test(body)) continue;
      const start = blockStart + index + lead;
      out.push({ start, end: start + body.length, text: body.replace(/\s+/g, ' ') });
    }
  }
  return out;
}

/** Maps UTF-16 offsets to LSP positions (line breaks: \r\n, \n, \r). */
export class PositionMapper {
  constructor(private readonly starts: number[]) {}

  positionAt(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(pos: { line: number; character: number }): number {
    const line = Math.max(0, Math.min(pos.line, this.starts.length - 1));
    return this.starts[line] + Math.max(0, pos.character);
  }
}
