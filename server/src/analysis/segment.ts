/**
 * Sentences from Intl.Segmenter (granularity `sentence`) within each prose block.
 * Ranges are UTF-16 offsets into the original text. Each sentence has two texts:
 * `text`, as the writer wrote it (inline code, URLs included; markup blanked) for
 * hovers, diagnostics and `check`, and `prose`, what the model judges.
 */
import type { Prose } from './extract';

export interface Sentence {
  start: number;
  end: number;
  /** The sentence as written, whitespace collapsed. */
  text: string;
  /** What the model sees: prose only, whitespace collapsed. */
  prose: string;
  /** Index of its block (paragraph, heading, comment) in `Prose.blocks`. */
  block: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
/** A sentence needs at least one letter or digit to be worth classifying. */
const HAS_WORD = /[\p{L}\p{N}]/u;
/**
 * ICU in Node has no sentence-break suppressions ("Dr." ends a sentence for it), so
 * a segment that ends in a title or Latin abbreviation is joined to the next one.
 */
const ABBREVIATION = /(?:^|[\s(])(?:(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|cf|approx|ca|resp|incl)\.|(?:\p{L}\.){2,})\s*$/iu;
/** "No. 5", "Fig. 3", "vol. 2": only before a number ("The answer was no." ends a sentence). */
const BEFORE_NUMBER = /(?:^|[\s(])(?:no|nos|fig|figs|vol|p|pp|ch|sec|eq|art|op)\.\s*$/i;
/** "etc.", "Inc." may end a sentence; they join only a lower-case continuation. */
const MAYBE_END = /(?:^|[\s(])(?:etc|inc|ltd|co|al)\.\s*$/i;
/**
 * ICU does not break before a lower-case word ("It failed. then I left"), so a
 * terminator followed by space and a lower-case letter splits here, unless an
 * abbreviation ends the text before it.
 */
const LOWER_START = /[.!?…]+['"”’)\]]*\s+(?=\p{Ll})/gu;
/** Placeholder letters for inline spans while segmenting: a capitalised word, so a sentence may start with `code`. */
const placeholder = (n: number) => 'X' + 'x'.repeat(Math.max(0, n - 1));

function joins(prev: string, next: string): boolean {
  if (ABBREVIATION.test(prev)) return true;
  if (BEFORE_NUMBER.test(prev)) return /^\s*\d/.test(next);
  if (MAYBE_END.test(prev)) return /^\s*\p{Ll}/u.test(next);
  return false;
}

function* splitLower(segment: string, index: number): Generator<{ segment: string; index: number }> {
  let from = 0;
  for (const m of segment.matchAll(LOWER_START)) {
    const cut = m.index! + m[0].length;
    const head = segment.slice(from, m.index! + m[0].trimEnd().length);
    if (ABBREVIATION.test(head) || MAYBE_END.test(head) || BEFORE_NUMBER.test(head) || /\d\.$/.test(head)) continue;
    yield { segment: segment.slice(from, cut), index: index + from };
    from = cut;
  }
  yield { segment: segment.slice(from), index: index + from };
}

/** ICU's segments cost in proportion to the whole string's length each (quadratic on a long paragraph). */
const CHUNK = 4096;
/**
 * A terminator, space and a capital: where ICU breaks a sentence anyway, so a long block
 * cut there keeps its sentences (an abbreviation cut there is joined again below, as ICU's
 * own break after it is).
 */
const SAFE_CUT = /[.!?…]['"”’)\]]*\s+(?=\p{Lu})/gu;

/** Intl.Segmenter's sentences of a block, a long block cut at sentence ends before line breaks. */
function* icuSegments(slice: string): Generator<{ segment: string; index: number }> {
  let from = 0;
  while (slice.length - from > CHUNK) {
    SAFE_CUT.lastIndex = from + CHUNK;
    const m = SAFE_CUT.exec(slice);
    if (!m) break;
    const cut = m.index + m[0].length;
    for (const x of segmenter.segment(slice.slice(from, cut))) yield { segment: x.segment, index: x.index + from };
    from = cut;
  }
  for (const x of segmenter.segment(slice.slice(from))) yield { segment: x.segment, index: x.index + from };
}

function* joinedSegments(slice: string): Generator<{ segment: string; index: number }> {
  let pending: { segment: string; index: number } | undefined;
  for (const { segment, index } of icuSegments(slice)) {
    if (pending && !joins(pending.segment, segment)) {
      yield* splitLower(pending.segment, pending.index);
      pending = undefined;
    }
    pending = pending ? { segment: pending.segment + segment, index: pending.index } : { segment, index };
  }
  if (pending) yield* splitLower(pending.segment, pending.index);
}

/** The text segmentation runs on: as shown, with inline spans as placeholder words. */
function segmentationText(prose: Prose): string {
  if (!prose.inline?.length || prose.shown === undefined) return prose.masked;
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of prose.inline) {
    parts.push(prose.shown.slice(at, s), placeholder(e - s));
    at = e;
  }
  parts.push(prose.shown.slice(at));
  return parts.join('');
}

/**
 * A view's slice with whitespace collapsed; a blanked run that held no whitespace
 * in the original (`*really*`, `</a>.`, `here~\ref{x}.`) closes up instead of
 * leaving a space.
 */
function collapse(view: string, original: string): string {
  return view
    .replace(/\s+/g, (run, at: number) => (/\s/.test(original.slice(at, at + run.length)) ? ' ' : ''))
    .trim();
}

export function segmentSentences(prose: Prose): Sentence[] {
  const out: Sentence[] = [];
  const seg = segmentationText(prose);
  const shown = prose.shown ?? prose.masked;
  for (const [block, [blockStart, blockEnd]] of prose.blocks.entries()) {
    const slice = seg.slice(blockStart, blockEnd);
    for (const { segment, index } of joinedSegments(slice)) {
      const lead = segment.length - segment.trimStart().length;
      const body = segment.trim();
      if (!body) continue;
      const start = blockStart + index + lead;
      const end = start + body.length;
      // without the original text, every blanked run counts as whitespace
      const original = prose.source === undefined ? ' '.repeat(end - start) : prose.source.slice(start, end);
      const judged = collapse(prose.masked.slice(start, end), original);
      if (!HAS_WORD.test(judged)) continue;
      out.push({ start, end, text: collapse(shown.slice(start, end), original), prose: judged, block });
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
