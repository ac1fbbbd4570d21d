/**
 * The pipeline every CLI command shares: analyse a text as the editor does, then apply
 * the project config and inline directives, and give JSON-ready sentences whose
 * `label` is the flagged emotion or `neutral` and whose `top` is the most likely of six.
 */
import * as path from 'path';
import { Analyzer } from '../analysis/analyzer';
import { DEFAULT_SETTINGS, Emotion, EmotionScores, Range } from '../../../common/protocol';
import { effectiveLabels, effectiveThreshold, judgeSentences, prepareText, Suppression } from '../project/apply';
import { maskCommitMessage } from '../project/commitMessage';
import { ConfigCache, ConfigError, ProjectConfig, readConfig } from '../project/config';

export interface OutSentence {
  range: Range;
  text: string;
  /** The flagged emotion, or `neutral`. */
  label: Emotion | 'neutral';
  /** The most likely of the six emotions, flagged or not. */
  top: Emotion;
  /** Probability of `top`. */
  score: number;
  scores: EmotionScores;
  /** Probability of the model's neutral output (0 for six-output models). */
  neutral: number;
  flagged: boolean;
  /** Why a sentence that would be flagged is not: a directive or the config's ignoreSentences. */
  suppressed?: Suppression;
}

/** One reviewed thing: a file or a commit message. */
export interface Unit {
  kind: 'file' | 'commit';
  /** As shown: a path, `<stdin>`, or a short commit id. */
  name: string;
  /** Files: the path relative to the repository root (or working folder), for SARIF and annotations. */
  uri?: string;
  sha?: string;
  subject?: string;
  language: string;
  threshold?: number;
  labels?: Emotion[];
  sentences: OutSentence[];
  /** Set when the unit was not analysed (binary, encoding, git's own message...). */
  skipped?: string;
  /** Broken directives, as `line: message` (1-based line). */
  problems: string[];
}

export interface ReviewOptions {
  /** --labels */
  labels?: Emotion[];
  /** --threshold */
  threshold?: number;
  /** --config FILE, or null for --no-config; undefined: search for .emotion-lens.json. */
  config?: string | null;
  /** false for --no-english-only: paragraphs in other languages are judged too. */
  englishOnly?: boolean;
}

const CLI_SETTINGS = { ...DEFAULT_SETTINGS, comments: true, maxDocumentSize: Number.MAX_SAFE_INTEGER };

export class Reviewer {
  readonly configs = new ConfigCache();
  private readonly fixed?: ProjectConfig;

  constructor(private readonly analyzer: Analyzer, private readonly modelThreshold: number, private readonly opts: ReviewOptions) {
    if (typeof opts.config === 'string') this.fixed = readConfig(path.resolve(opts.config));
  }

  /** The config for files of `dir` (none with --no-config); a broken file throws ConfigError. */
  configFor(dir: string, roots: string[] = []): ProjectConfig | undefined {
    if (this.opts.config === null) return undefined;
    if (this.fixed) return this.fixed;
    const { config, error } = this.configs.lookup(dir, roots);
    if (error) throw error;
    return config;
  }

  async review(text: string, language: string, config: ProjectConfig | undefined, commentChar = '#'): Promise<Pick<Unit, 'sentences' | 'threshold' | 'labels' | 'problems'>> {
    // --labels is explicit and wins; otherwise the config's labels
    const labels = this.opts.labels ?? effectiveLabels(undefined, config);
    const threshold = effectiveThreshold(this.opts.threshold, config, this.modelThreshold);
    // a commit message with another comment character: what git removes is blanked, the rest read as paragraphs
    const commit = language === 'git-commit' && commentChar !== '#';
    // no keyword, no directive: skip the search (a second parse of a Markdown file)
    const prepared = text.includes('emotion-lens-') ? prepareText(text, language, commentChar) : { ...prepareText('', language, commentChar), text };
    const analysed = commit ? maskCommitMessage(prepared.text, commentChar) : prepared.text;
    const outcome = await this.analyzer.analyze(analysed, { languageId: commit ? 'plaintext' : language, settings: { ...CLI_SETTINGS, labels, englishOnly: this.opts.englishOnly ?? CLI_SETTINGS.englishOnly }, threshold });
    const sentences = judgeSentences(outcome.kind === 'done' ? outcome.sentences : [], text, prepared, config);
    const problems = prepared.problems;
    return {
      threshold,
      labels,
      problems: problems.map((p) => `${p.line + 1}: ${p.message}`),
      sentences: sentences.map((s) => ({
        range: s.range,
        text: s.text,
        label: s.flagged ? s.label : 'neutral',
        top: s.label,
        score: s.score,
        scores: s.scores,
        neutral: s.neutral,
        flagged: s.flagged,
        ...(s.suppressed ? { suppressed: s.suppressed } : {}),
      })),
    };
  }
}

export { ConfigError };
