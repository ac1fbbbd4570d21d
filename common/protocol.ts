/**
 * The one module shared by client and server: emotion labels, supported
 * languages, the settings shape and its defaults, and the typed custom messages.
 * It imports only the protocol package both sides use, never vscode.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export const EMOTIONS = ['sadness', 'joy', 'love', 'anger', 'fear', 'surprise'] as const;
export type Emotion = (typeof EMOTIONS)[number];
export type EmotionScores = Record<Emotion, number>;

/** Languages whose prose is analysed. `scminput` is the Source Control input box. */
export const PROSE_LANGUAGES = ['plaintext', 'markdown', 'git-commit', 'scminput'] as const;
/** Languages whose comments are analysed when `emotionLens.comments` is on. */
export const COMMENT_LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python'] as const;
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
  /** '' for the bundled model, a local folder, or a Hugging Face Hub id. */
  model: string;
  /** Allow downloading `model` from the Hugging Face Hub. Off by default: no network. */
  allowRemoteModels: boolean;
  /** Milliseconds to wait after an edit before analysing (leading + trailing throttle). */
  throttleMs: number;
}

export const DEFAULT_SETTINGS: EmotionLensSettings = {
  enable: true,
  languages: [...PROSE_LANGUAGES],
  threshold: null,
  labels: [...EMOTIONS],
  severity: 'information',
  maxDocumentSize: 1_000_000,
  comments: false,
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
  label: Emotion;
  score: number;
  scores: EmotionScores;
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
}
export const DocumentSummaryNotification = new NotificationType<DocumentSummaryParams>('emotion/documentSummary');

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

/** Diagnostic payload: `Diagnostic.data`. */
export interface DiagnosticData { label: Emotion; scores: EmotionScores }

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
