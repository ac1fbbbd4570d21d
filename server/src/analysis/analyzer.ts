/**
 * The pure core: document text + settings -> sentence results. The classifier is
 * passed in (the worker in the server, the pipeline itself in the CLI), and results
 * are cached by sentence text, so an edit re-classifies only the sentences it changed.
 */
import { Classification, isFlagged } from '../classifier/flagRule';
import { ALL_LANGUAGES, COMMENT_LANGUAGES, EMOTIONS, languageSupport, Emotion, EmotionLensSettings, SentenceResult } from '../../../common/protocol';
import { LruCache } from './cache';
import { extractProse, prepareExtraction, Prose } from './extract';
import { lineStarts } from './extract/types';
import { foreignLanguage } from './language';
import { PositionMapper, Sentence, segmentSentences } from './segment';
import { previewWindow } from './preview';
import { yieldToEventLoop } from './yieldToEventLoop';

/** `urgent`: what the writer waits for (the visible sentences first, hovers), ahead of queued work. */
export type ClassifyFn = (texts: string[], urgent?: boolean) => Promise<Classification[]>;

export interface AnalyzeOptions {
  languageId: string;
  settings: Pick<EmotionLensSettings, 'labels' | 'comments' | 'maxDocumentSize'> & Partial<Pick<EmotionLensSettings, 'languages' | 'englishOnly'>>;
  /** The threshold in force (settings or the model's default). */
  threshold: number;
  /** Checked between batches: true drops the work (a newer version arrived). */
  cancelled?: () => boolean;
  /** Sentences sent to the classifier per call (keeps the worker responsive to hovers). */
  batchSize?: number;
  /**
   * Batches given to the classifier before the first returns: more than one only pays
   * when the model runs on another thread (the server's worker), so this thread segments
   * the next part meanwhile; in-process (the CLI) concurrent runs only contend. Default 1.
   */
  inFlight?: number;
  /**
   * Offsets [start, end) the writer sees, asked again before each part: those blocks are
   * classified first, then the rest nearest first. None: top-down.
   */
  priority?: () => Array<[number, number]>;
  /** Called as parts of the document complete (the visible part first); not called for the last. */
  onPartial?: (partial: PartialResults) => void;
}

export interface PartialResults {
  /** The sentences done so far, in document order. */
  sentences: SentenceResult[];
  /** The offset ranges [start, end) whose sentences are all in `sentences` (sorted, merged). */
  covered: Array<[number, number]>;
  /** Share of the prose (characters of its blocks) done, 0..1. */
  progress: number;
}

export type AnalysisOutcome =
  /** notEnglish: sentences left out because their paragraph is in another language. */
  | { kind: 'done'; sentences: SentenceResult[]; classified: number; notEnglish?: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'cancelled' };

/** The first part of a document with no visible range: about a screenful, so the top colours at once. */
const FIRST_PART_CHARS = 4_000;
/** Documents this long show what the writer sees before the whole is extracted (see preview.ts). */
const PREVIEW_MIN_CHARS = 100_000;
/** Later parts: big enough that sorting by length leaves little padding, small enough to publish often. */
const PART_CHARS = 24_000;

/**
 * After the first part, partial results are published at most this often and only
 * when another 15% of the document is done: each publication sends every sentence so
 * far (JSON of megabytes for a big document), so a few are plenty.
 */
const PUBLISH_MS = 250;
const PUBLISH_STEP = 0.15;
/** Characters of a paragraph given to language detection (its cost grows with length; an opening tells the language). */
const LANGUAGE_SAMPLE = 400;

interface Part {
  blocks: number[];
  sentences: Sentence[];
  chars: number;
  finished: boolean;
  error?: unknown;
}

export class Analyzer {
  readonly cache: LruCache<string, Classification>;
  /** Paragraph text -> foreign (language detection costs as much as a tenth of the model). */
  private readonly foreign = new LruCache<string, boolean>(20_000);

  constructor(private readonly classify: ClassifyFn, cacheSize = 20_000) {
    this.cache = new LruCache(cacheSize);
  }

  async analyze(text: string, opts: AnalyzeOptions): Promise<AnalysisOutcome> {
    if (text.length > opts.settings.maxDocumentSize) {
      return {
        kind: 'skipped',
        reason: `Emotion Lens skipped this document: ${text.length.toLocaleString('en')} characters is over emotionLens.maxDocumentSize (${opts.settings.maxDocumentSize.toLocaleString('en')}).`,
      };
    }
    if (!languageSupport(opts.languageId)) {
      return { kind: 'skipped', reason: `Emotion Lens does not read "${opts.languageId}" documents. Supported languages: ${ALL_LANGUAGES.join(', ')}.` };
    }
    // a code language named in `languages` is read without the `comments` switch
    const comments = opts.settings.comments || Boolean(opts.settings.languages?.includes(opts.languageId));
    try {
      if (comments || !COMMENT_LANGUAGES.includes(opts.languageId)) await prepareExtraction(opts.languageId);
    } catch (e) {
      return { kind: 'skipped', reason: `Emotion Lens cannot read ${opts.languageId} here: its parser did not load (${(e as Error).message}).` };
    }
    const englishOnly = opts.settings.englishOnly !== false;
    const batch = opts.batchSize ?? 32;
    const mapper = new PositionMapper(lineStarts(text));
    const toResult = (s: Sentence, c: Classification): SentenceResult => ({
      range: { start: mapper.positionAt(s.start), end: mapper.positionAt(s.end) },
      text: s.text,
      ...(s.prose !== s.text ? { prose: s.prose } : {}),
      label: c.label,
      score: c.score,
      scores: c.scores,
      neutral: c.neutral,
      flagged: isFlagged(c, opts.threshold, opts.settings.labels),
    });
    let previewShare = 0;
    if (opts.onPartial && text.length >= PREVIEW_MIN_CHARS) {
      // a big document: what the writer sees (else its top) from its own paragraphs first
      const visible = opts.priority?.() ?? [];
      const seen: Array<[number, number]> = visible.length ? visible : [[0, FIRST_PART_CHARS]];
      const window = previewWindow(text, opts.languageId, seen);
      if (window) {
        const found = this.preview(text, window, opts.languageId, comments, englishOnly);
        // only what is seen (the rest of its paragraphs comes with the first part below), in one request
        const shown = found.filter((s) => seen.some(([a, b]) => s.start < b && a < s.end));
        const missing = [...new Set(shown.filter((s) => !this.cache.get(s.prose)).map((s) => s.prose))];
        if (missing.length) {
          const r = await this.classify(missing, true);
          missing.forEach((t, k) => this.cache.set(t, r[k]));
          if (opts.cancelled?.()) return { kind: 'cancelled' };
        }
        const sentences = shown.flatMap((s) => {
          const c = this.cache.get(s.prose);
          return c ? [toResult(s, c)] : [];
        });
        previewShare = (window[1] - window[0]) / text.length;
        opts.onPartial({ sentences, covered: seen, progress: previewShare });
        // let the publication go out before the whole document's extraction holds this thread
        await yieldToEventLoop();
        if (opts.cancelled?.()) return { kind: 'cancelled' };
      }
    }
    const prose = extractProse(text, opts.languageId, comments);
    if (!prose) return { kind: 'done', sentences: [], classified: 0 };
    // blocks in document order (extractors need not push them in order)
    const order = prose.blocks.map((_, i) => i).sort((a, b) => prose.blocks[a][0] - prose.blocks[b][0]);
    const taken = new Array<boolean>(order.length).fill(false);
    const totalChars = order.reduce((n, i) => n + prose.blocks[i][1] - prose.blocks[i][0], 0) || 1;
    const parts: Part[] = [];
    const pending = new Map<string, Promise<void>>();
    const inflight = new Set<Promise<void>>();
    let classified = 0;
    let notEnglish = 0;
    let doneChars = 0;
    const results = new Map<Sentence, SentenceResult>();
    const finishedParts: Part[] = [];

    // completed parts in the order they were queued (the model serves batches in order)
    const collect = async (): Promise<void> => {
      while (parts.length && parts[0].finished) {
        const part = parts.shift()!;
        if (part.error !== undefined) throw part.error;
        for (const s of part.sentences) {
          // a tiny cache could have evicted an entry of this very document: classify it again
          const c = this.cache.get(s.prose) ?? (await this.classify([s.prose]))[0];
          results.set(s, toResult(s, c));
        }
        doneChars += part.chars;
        finishedParts.push(part);
      }
    };
    let lastPublish = -Infinity;
    let lastProgress = -Infinity;
    const publish = () => {
      // nothing new, or nothing left to do (the caller publishes the whole result)
      if (!opts.onPartial || !results.size || (!parts.length && taken.every(Boolean))) return;
      // the first part (what the writer sees) at once, then seldom
      if (performance.now() - lastPublish < PUBLISH_MS || doneChars / totalChars - lastProgress < PUBLISH_STEP) return;
      lastPublish = performance.now();
      lastProgress = doneChars / totalChars;
      const sentences = [...results.keys()].sort((a, b) => a.start - b.start).map((s) => results.get(s)!);
      const covered = mergeRanges(finishedParts.flatMap((p) => p.blocks.map((i) => prose.blocks[i])));
      opts.onPartial({ sentences, covered, progress: Math.max(previewShare, doneChars / totalChars) });
    };

    for (let first = true; ; first = false) {
      if (opts.cancelled?.()) return { kind: 'cancelled' };
      const blocks = nextPart(order, taken, prose.blocks, opts.priority?.() ?? [], first);
      if (!blocks.length) break;
      const all = segmentBlocks(prose, blocks);
      const sentences = englishOnly ? this.englishOnly(all) : all;
      notEnglish += all.length - sentences.length;
      const part: Part = { blocks, sentences, chars: blocks.reduce((n, i) => n + prose.blocks[i][1] - prose.blocks[i][0], 0), finished: false };
      const waits: Promise<void>[] = [];
      const missing: string[] = [];
      for (const s of sentences) {
        const p = pending.get(s.prose);
        if (p) waits.push(p);
        else if (!this.cache.get(s.prose)) {
          missing.push(s.prose);
          pending.set(s.prose, Promise.resolve()); // placeholder until its batch is queued below
        }
      }
      // similar lengths in a batch: padding is most of the cost of short sentences
      missing.sort((a, b) => a.length - b.length);
      classified += missing.length;
      for (let i = 0; i < missing.length; i += batch) {
        while (inflight.size >= (opts.inFlight ?? 1)) {
          await Promise.race(inflight);
          await collect();
          publish();
        }
        if (opts.cancelled?.()) return { kind: 'cancelled' };
        const texts = missing.slice(i, i + batch);
        const p = this.classify(texts).then((r) => texts.forEach((t, k) => this.cache.set(t, r[k])));
        const tracked = p.then(() => void inflight.delete(tracked), () => void inflight.delete(tracked));
        inflight.add(tracked);
        for (const t of texts) pending.set(t, p);
        waits.push(p);
      }
      // the part's outcome is recorded, never left as an unhandled rejection; collect() rethrows it
      Promise.all(waits).then(() => (part.finished = true), (e) => ((part.error = e), (part.finished = true)));
      parts.push(part);
      await collect();
      publish();
    }
    while (parts.length) {
      if (opts.cancelled?.()) return { kind: 'cancelled' };
      await Promise.race(inflight.size ? [...inflight] : [Promise.resolve()]);
      await yieldToEventLoop(); // let the part's own handler run
      await collect();
      publish();
    }
    if (opts.cancelled?.()) return { kind: 'cancelled' };
    const out = [...results.keys()].sort((a, b) => a.start - b.start).map((s) => results.get(s)!);
    return { kind: 'done', sentences: out, classified, ...(notEnglish ? { notEnglish } : {}) };
  }

  /** The sentences of text[window], read alone, with offsets into the whole text. */
  private preview(text: string, [from, to]: [number, number], languageId: string, comments: boolean, englishOnly: boolean): Sentence[] {
    const prose = extractProse(text.slice(from, to), languageId, comments);
    if (!prose) return [];
    const found = segmentSentences(prose).map((s) => ({ ...s, start: s.start + from, end: s.end + from }));
    return englishOnly ? this.englishOnly(found) : found;
  }

  /** The sentences whose paragraph is English (or too short to tell), paragraphs' verdicts cached. */
  private englishOnly(sentences: Sentence[]): Sentence[] {
    return englishOnly(sentences, (p) => {
      // the paragraph's opening is enough to tell its language, and detection costs in proportion to length
      const sample = p.length > LANGUAGE_SAMPLE ? p.slice(0, p.lastIndexOf(' ', LANGUAGE_SAMPLE) + 1 || LANGUAGE_SAMPLE) : p;
      let f = this.foreign.get(sample);
      if (f === undefined) this.foreign.set(sample, (f = Boolean(foreignLanguage(sample))));
      return f;
    });
  }
}

/** Sentences of some blocks only, with their block numbers in the whole document. */
function segmentBlocks(prose: Prose, blocks: number[]): Sentence[] {
  return segmentSentences({ ...prose, blocks: blocks.map((i) => prose.blocks[i]) }).map((s) => ({ ...s, block: blocks[s.block] }));
}

/**
 * The blocks of the next part: those the writer sees that are not done yet; else the
 * nearest blocks not done, below the visible range first (reading goes down).
 */
function nextPart(order: number[], taken: boolean[], blocks: Array<[number, number]>, visible: Array<[number, number]>, first: boolean): number[] {
  const out: number[] = [];
  const size = (k: number) => blocks[order[k]][1] - blocks[order[k]][0];
  let chars = 0;
  const take = (k: number) => {
    taken[k] = true;
    out.push(order[k]);
    chars += size(k);
  };
  for (let k = 0; k < order.length && chars < PART_CHARS; k++) {
    const [s, e] = blocks[order[k]];
    if (!taken[k] && visible.some(([a, b]) => s <= b && a <= e)) take(k);
  }
  if (out.length) return out.sort((a, b) => blocks[a][0] - blocks[b][0]);
  const limit = first ? FIRST_PART_CHARS : PART_CHARS;
  const anchor = visible.length ? Math.min(...visible.map(([a]) => a)) : 0;
  const anchorEnd = visible.length ? Math.max(...visible.map(([, b]) => b)) : 0;
  // nearest block not done: distance from the visible span, ties going down
  let best = -1;
  let bestDistance = Infinity;
  for (let k = 0; k < order.length; k++) {
    if (taken[k]) continue;
    const [s, e] = blocks[order[k]];
    const d = s >= anchorEnd ? s - anchorEnd : e <= anchor ? (anchor - e) * 1.5 : 0;
    if (d < bestDistance) (best = k), (bestDistance = d);
  }
  if (best < 0) return out;
  const up = blocks[order[best]][1] <= anchor && bestDistance > 0;
  for (let k = best; k >= 0 && k < order.length && !taken[k] && chars < limit; k += up ? -1 : 1) take(k);
  return out.sort((a, b) => blocks[a][0] - blocks[b][0]);
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The sentences whose paragraph is English (or too short to tell). */
export function englishOnly(sentences: Sentence[], isForeign: (paragraph: string) => boolean = (p) => Boolean(foreignLanguage(p))): Sentence[] {
  const paragraphs = new Map<number, string[]>();
  for (const s of sentences) {
    const p = paragraphs.get(s.block);
    if (p) p.push(s.prose);
    else paragraphs.set(s.block, [s.prose]);
  }
  const foreign = new Set([...paragraphs].filter(([, p]) => isForeign(p.join(' '))).map(([b]) => b));
  return foreign.size ? sentences.filter((s) => !foreign.has(s.block)) : sentences;
}

export function countLabels(sentences: SentenceResult[]): Record<Emotion, number> & { neutral: number } {
  const counts = { neutral: 0 } as Record<Emotion, number> & { neutral: number };
  for (const e of EMOTIONS) counts[e] = 0;
  for (const s of sentences) {
    if (s.flagged) counts[s.label]++;
    else counts.neutral++;
  }
  return counts;
}

/**
 * A sentence's classification and the words that drive its label, by occlusion:
 * the words whose removal lowers the label's log-odds most (top `k`); when no single
 * removal weakens the label, the words that carry it alone. One call to the
 * classifier (the sentence, its variants and the words alone: a word alone costs
 * little, a second call waits its turn behind the analysis). Log-odds, not
 * probability: with two strong words a confident sentence stays at 99% when either
 * one is removed, yet each removal still moves the log-odds.
 */
export async function explainByOcclusion(sentence: string, classify: ClassifyFn, k = 3): Promise<{ result: Classification; words: Array<{ word: string; drop: number }> }> {
  // only words that could be shown are tried (each is one more sentence for the model)
  const all = [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)];
  // a one-word sentence has nothing to compare with
  const words = all.length < 2 ? [] : all.filter((w) => isEvidence(w[0])).slice(0, 60);
  const variants = words.map((w) => sentence.slice(0, w.index) + sentence.slice(w.index! + w[0].length));
  const [result, ...others] = await classify([sentence, ...variants, ...words.map((w) => w[0])]);
  const rest = others.slice(0, variants.length);
  const alone = others.slice(variants.length);
  const label = result.label;
  // against the other five emotions (not neutral: "I" and "feel" make a sentence emotional, not angry);
  // 1 - p from the other five scores stays precise near 100% where 1 - p rounds to 0
  const logOdds = (c: Classification) => {
    const rest = EMOTIONS.reduce((sum, e) => (e === label ? sum : sum + c.scores[e]), 0);
    return Math.log(Math.max(c.scores[label], 1e-30)) - Math.log(Math.max(rest, 1e-30));
  };
  const drops = rest.map((r, i) => ({ word: words[i][0], drop: logOdds(result) - logOdds(r) }));
  const top = topWords(drops.filter((d) => d.drop > 0.1), k);
  if (top.length || !alone.length) return { result, words: top };
  // several strong words can each carry the label alone (removing one changes nothing):
  // then the evidence is each word on its own
  const single = alone.map((r, i) => ({ word: words[i][0], drop: r.label === label ? logOdds(r) : -Infinity }));
  return { result, words: topWords(single.filter((d) => d.drop > 0), k) };
}

/** Words never shown as evidence: pronouns, auxiliaries, articles and the "i feel" frame of the
 * tweets the model learned from. Removing them moves the scores (the model reads "I feel" as a
 * sign of emotion), but they tell the writer nothing about which emotion. */
const NOT_EVIDENCE = new Set(
  ('i me my mine we us our you your he him his she her it its they them their this that these those a an the ' +
    'am is are was were be been being do does did have has had will would shall should can could may might must ' +
    'and or but so to of in on at for with by from as if then than too very just feel feels feeling felt im ive id').split(' '),
);

const isEvidence = (word: string) => !NOT_EVIDENCE.has(word.toLowerCase().replace(/['’]/g, ''));

function topWords(list: Array<{ word: string; drop: number }>, k: number): Array<{ word: string; drop: number }> {
  const seen = new Set<string>();
  return list
    .sort((a, b) => b.drop - a.drop)
    .filter((d) => !seen.has(d.word.toLowerCase()) && seen.add(d.word.toLowerCase()))
    .slice(0, k);
}

/**
 * Why the prose at an offset was not judged, for a hover where no result is: its
 * paragraph is in another language. Undefined when that is not the reason.
 */
export function notJudgedReason(text: string, languageId: string, comments: boolean, offset: number): string | undefined {
  const prose = extractProse(text, languageId, comments);
  if (!prose) return undefined;
  const all = segmentSentences(prose);
  const hit = all.find((s) => s.start <= offset && offset <= s.end);
  if (!hit) return undefined;
  const language = foreignLanguage(all.filter((s) => s.block === hit.block).map((s) => s.prose).join(' '));
  return language
    ? `Not judged: this paragraph looks like another language (\`${language}\`), and the model reads English only. Turn off \`emotionLens.englishOnly\` to judge it anyway.`
    : undefined;
}
