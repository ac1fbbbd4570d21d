/**
 * The pure core: document text + settings -> sentence results. The classifier is
 * passed in (the worker in the server, the pipeline itself in the CLI), and results
 * are cached by sentence text, so an edit re-classifies only the sentences it changed.
 */
import { Classification, isFlagged } from '../classifier/flagRule';
import { EMOTIONS, Emotion, EmotionLensSettings, SentenceResult } from '../../../common/protocol';
import { LruCache } from './cache';
import { extractProse } from './extract';
import { lineStarts } from './extract/types';
import { PositionMapper, segmentSentences } from './segment';

export type ClassifyFn = (texts: string[]) => Promise<Classification[]>;

export interface AnalyzeOptions {
  languageId: string;
  settings: Pick<EmotionLensSettings, 'labels' | 'comments' | 'maxDocumentSize'>;
  /** The threshold in force (settings or the model's default). */
  threshold: number;
  /** Checked between batches: true drops the work (a newer version arrived). */
  cancelled?: () => boolean;
  /** Sentences sent to the classifier per call (keeps the worker responsive). */
  batchSize?: number;
}

export type AnalysisOutcome =
  | { kind: 'done'; sentences: SentenceResult[]; classified: number }
  | { kind: 'skipped'; reason: string }
  | { kind: 'cancelled' };

export class Analyzer {
  readonly cache: LruCache<string, Classification>;

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
    const prose = extractProse(text, opts.languageId, opts.settings.comments);
    if (!prose) return { kind: 'done', sentences: [], classified: 0 };
    const sentences = segmentSentences(prose);
    const missing = [...new Set(sentences.map((s) => s.text).filter((t) => !this.cache.get(t)))];
    const batch = opts.batchSize ?? 32;
    for (let i = 0; i < missing.length; i += batch) {
      if (opts.cancelled?.()) return { kind: 'cancelled' };
      const texts = missing.slice(i, i + batch);
      const results = await this.classify(texts);
      texts.forEach((t, k) => this.cache.set(t, results[k]));
    }
    if (opts.cancelled?.()) return { kind: 'cancelled' };
    const mapper = new PositionMapper(lineStarts(text));
    const out: SentenceResult[] = [];
    for (const s of sentences) {
      // a tiny cache could have evicted an entry of this very document: classify it again
      const c = this.cache.get(s.text) ?? (await this.classify([s.text]))[0];
      out.push({
        range: { start: mapper.positionAt(s.start), end: mapper.positionAt(s.end) },
        text: s.text,
        label: c.label,
        score: c.score,
        scores: c.scores,
        neutral: c.neutral,
        flagged: isFlagged(c, opts.threshold, opts.settings.labels),
      });
    }
    return { kind: 'done', sentences: out, classified: missing.length };
  }
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
 * the words whose removal lowers the label's log-odds most (top `k`). One call to
 * the classifier (the sentence and its variants together), a second only when no
 * single removal weakens the label. Log-odds, not
 * probability: with two strong words a confident sentence stays at 99% when either
 * one is removed, yet each removal still moves the log-odds.
 */
export async function explainByOcclusion(sentence: string, classify: ClassifyFn, k = 3): Promise<{ result: Classification; words: Array<{ word: string; drop: number }> }> {
  const words = [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)].slice(0, 60);
  const variants = words.length < 2 ? [] : words.map((w) => sentence.slice(0, w.index) + sentence.slice(w.index! + w[0].length));
  const [result, ...rest] = await classify([sentence, ...variants]);
  const label = result.label;
  // 1 - p from the other five scores and neutral: near 100% it stays precise where 1 - p rounds to 0
  const logOdds = (c: Classification) => {
    const rest = EMOTIONS.reduce((sum, e) => (e === label ? sum : sum + c.scores[e]), c.neutral);
    return Math.log(Math.max(c.scores[label], 1e-30)) - Math.log(Math.max(rest, 1e-30));
  };
  const drops = rest.map((r, i) => ({ word: words[i][0], drop: logOdds(result) - logOdds(r) }));
  const top = topWords(drops.filter((d) => d.drop > 0.1), k);
  if (top.length || words.length < 2) return { result, words: top };
  // several strong words can each carry the label alone (removing one changes nothing):
  // then the evidence is each word on its own
  const alone = await classify(words.map((w) => w[0]));
  const single = alone.map((r, i) => ({ word: words[i][0], drop: r.label === label ? logOdds(r) : -Infinity }));
  return { result, words: topWords(single.filter((d) => d.drop > 0), k) };
}

function topWords(list: Array<{ word: string; drop: number }>, k: number): Array<{ word: string; drop: number }> {
  const seen = new Set<string>();
  return list
    .sort((a, b) => b.drop - a.drop)
    .filter((d) => !seen.has(d.word.toLowerCase()) && seen.add(d.word.toLowerCase()))
    .slice(0, k);
}
