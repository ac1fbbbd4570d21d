/**
 * The one module shared by client and server: emotion labels, supported
 * languages, the settings shape and its defaults, and the typed custom messages.
 * It imports only the protocol package both sides use, never vscode.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import { COMMENT_LANGUAGE_IDS, DEFAULT_LANGUAGE_IDS, PROSE_LANGUAGE_IDS } from './languages';
export * from './languages';

export const EMOTIONS = ['sadness', 'joy', 'love', 'anger', 'fear', 'surprise'] as const;
export type Emotion = (typeof EMOTIONS)[number];
export type EmotionScores = Record<Emotion, number>;

/** Languages whose prose is analysed, from the one table in ./languages. `scminput` is the Source Control input box. */
export const PROSE_LANGUAGES: readonly string[] = PROSE_LANGUAGE_IDS;
/** Languages whose comments are analysed when `emotionLens.comments` is on (or the id is in `languages`). */
export const COMMENT_LANGUAGES: readonly string[] = COMMENT_LANGUAGE_IDS;
export const ALL_LANGUAGES: readonly string[] = [...PROSE_LANGUAGES, ...COMMENT_LANGUAGES];

export const CONFIG_SECTION = 'emotionLens';
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface EmotionLensSettings {
  enable: boolean;
  languages: string[];
  /** Minimum calibrated confidence to flag a sentence; null: the model's own default. */
  threshold: number | null;
  /** Emotions that get a diagnostic and a decoration. */
  labels: Emotion[];
  severity: Severity;
  /** Documents larger than this (characters) are not analysed. */
  maxDocumentSize: number;
  /** Analyse comments in code files (off by default). */
  comments: boolean;
  /** Judge only paragraphs detected as English (on by default); off: judge every paragraph. */
  englishOnly: boolean;
  /** '' for the bundled model, a local folder, or a Hugging Face Hub id. */
  model: string;
  /** Allow downloading `model` from the Hugging Face Hub. Off by default: no network. */
  allowRemoteModels: boolean;
  /** Milliseconds to wait after an edit before analysing (leading + trailing throttle). */
  throttleMs: number;
}

export const DEFAULT_SETTINGS: EmotionLensSettings = {
  enable: true,
  languages: [...DEFAULT_LANGUAGE_IDS],
  threshold: null,
  labels: [...EMOTIONS],
  severity: 'information',
  maxDocumentSize: 1_000_000,
  comments: false,
  englishOnly: true,
  model: '',
  allowRemoteModels: false,
  throttleMs: 200,
};

/** The model's flag rule applies when settings leave the threshold to the model. */
export const FALLBACK_THRESHOLD = 0.9;

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export interface SentenceResult {
  range: Range;
  /** The sentence as written (trimmed). */
  text: string;
  /** What the model judged (inline code, URLs and identifiers left out), when it differs from `text`. */
  prose?: string;
  label: Emotion;
  score: number;
  scores: EmotionScores;
  /** Probability of the model's neutral output (0 for six-output models): the six scores and this sum to 1. */
  neutral: number;
  flagged: boolean;
}

/** Sent by the server once per analysed document version. */
export interface DocumentSummaryParams {
  uri: string;
  version: number;
  counts: Record<Emotion, number> & { neutral: number };
  sentences: SentenceResult[];
  /** Set when the document was not analysed (too large, model missing...). */
  skipped?: string;
  /**
   * Set while a big document fills in: the share of its prose analysed so far (0..1).
   * `sentences` then holds the sentences done (the visible ones first); absent once complete.
   */
  progress?: number;
  /**
   * Set on the summaries after the first of a document published progressively with nothing
   * kept from an earlier version (a big document just opened), the complete one included:
   * `sentences` are only those done since the previous summary of this uri and version, to be
   * added to it (`appendSummary`); `counts` and `progress` are the totals so far. Sending
   * every sentence so far each time was megabytes of JSON on both sides of the connection,
   * in the way of hovers. The first summary of a version is always whole.
   */
  append?: true;
}
export const DocumentSummaryNotification = new NotificationType<DocumentSummaryParams>('emotion/documentSummary');

const before = (a: SentenceResult, b: SentenceResult) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/**
 * A summary as a client keeps it: an `append` one adds its sentences to the previous summary
 * of the same uri and version, in document order (both lists are in document order: merged).
 */
export function appendSummary(previous: DocumentSummaryParams | undefined, next: DocumentSummaryParams): DocumentSummaryParams {
  if (!next.append) return next;
  const { append: _, ...whole } = next;
  // the first summary of a version is always whole: nothing to add to otherwise
  if (!previous || previous.uri !== next.uri || previous.version !== next.version) return whole;
  const a = previous.sentences;
  const b = next.sentences;
  const sentences: SentenceResult[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) sentences.push(j >= b.length || (i < a.length && before(a[i], b[j]) <= 0) ? a[i++] : b[j++]);
  return { ...whole, sentences };
}

/** Sent by the server while the model loads and when it fails or recovers. */
export interface ModelStatusParams {
  state: 'loading' | 'ready' | 'error';
  model: string;
  message?: string;
}
export const ModelStatusNotification = new NotificationType<ModelStatusParams>('emotion/modelStatus');

/** Asks the server for the current results of a document (client: report, tests). */
export interface DocumentResultsParams { uri: string }
export const DocumentResultsRequest = new RequestType<DocumentResultsParams, DocumentSummaryParams | null, void>('emotion/documentResults');

/**
 * Sent by the client when what the writer sees changes (open, scroll, editor switch):
 * the document's visible ranges; the server classifies and publishes those first.
 * An empty list: the document is not visible.
 */
export interface VisibleRangesParams { uri: string; ranges: Range[] }
export const VisibleRangesNotification = new NotificationType<VisibleRangesParams>('emotion/visibleRanges');

/** Diagnostic payload: `Diagnostic.data`. */
export interface DiagnosticData { label: Emotion; scores: EmotionScores; neutral: number }

export const DIAGNOSTIC_SOURCE = 'emotion-lens';

export function scoresFromArray(values: ArrayLike<number>): EmotionScores {
  const out = {} as EmotionScores;
  EMOTIONS.forEach((e, i) => (out[e] = values[i]));
  return out;
}

export function topEmotion(scores: EmotionScores): { label: Emotion; score: number } {
  let label: Emotion = EMOTIONS[0];
  for (const e of EMOTIONS) if (scores[e] > scores[label]) label = e;
  return { label, score: scores[label] };
}
