/**
 * What the writer asked to be silent, applied to analysed sentences: the project
 * config (labels, threshold, ignoreSentences) and inline directives. Shared by the
 * language server and the CLI, so an editor and CI agree on every sentence.
 *
 *   const prepared = prepareText(text, languageId);          // directives found and blanked
 *   const outcome = await analyzer.analyze(prepared.text, …); // offsets unchanged
 *   const judged = judgeSentences(outcome.sentences, text, prepared, config);
 */
import { EMOTIONS, Emotion, SentenceResult } from '../../../common/protocol';
import { lineStarts } from '../analysis/extract/types';
import { PositionMapper } from '../analysis/segment';
import { normalizeSentence, ProjectConfig } from './config';
import { DirectiveIndex, DirectiveProblem, findDirectives, maskDirectives } from './directives';

export type Suppression = 'directive' | 'ignoreSentences';

export interface JudgedSentence extends SentenceResult {
  /** Set when the sentence would be flagged but the writer silenced it. */
  suppressed?: Suppression;
}

export interface Prepared {
  /** The text to analyse: directives blanked, same length as the original. */
  text: string;
  index: DirectiveIndex;
  problems: DirectiveProblem[];
}

/** Labels in force in the editor: those of the settings that the config file also lists. */
export function effectiveLabels(base: readonly Emotion[] | undefined, config: ProjectConfig | undefined): Emotion[] {
  const labels = base ?? EMOTIONS;
  return labels.filter((l) => !config?.labels || config.labels.includes(l));
}

/** The threshold in force: an explicit setting or flag, else the config file's, else the model's. */
export function effectiveThreshold(explicit: number | null | undefined, config: ProjectConfig | undefined, model: number): number {
  return explicit ?? config?.threshold ?? model;
}

export function prepareText(text: string, languageId: string, commentChar = '#'): Prepared {
  const { directives, problems } = findDirectives(text, languageId, commentChar);
  return { text: maskDirectives(text, directives), index: new DirectiveIndex(directives), problems };
}

export function judgeSentences(sentences: SentenceResult[], original: string, prepared: Prepared, config?: ProjectConfig): JudgedSentence[] {
  const mapper = new PositionMapper(lineStarts(original));
  const ignored = config?.sentences;
  const hasDirectives = prepared.index.directives.length > 0;
  const out: JudgedSentence[] = [];
  for (const s of sentences) {
    const start = mapper.offsetAt(s.range.start);
    if (hasDirectives && prepared.index.isDirectiveText(start)) continue;
    if (!s.flagged) {
      out.push(s);
      continue;
    }
    let suppressed: Suppression | undefined;
    if (ignored?.size) {
      // the sentence as analysed (code spans blanked) or as written: either may be in the list
      const written = normalizeSentence(original.slice(start, mapper.offsetAt(s.range.end)));
      if (ignored.has(normalizeSentence(s.text)) || ignored.has(written)) suppressed = 'ignoreSentences';
    }
    if (!suppressed && hasDirectives && prepared.index.suppresses(start, s.range.start.line, s.range.end.line, s.label)) suppressed = 'directive';
    out.push(suppressed ? { ...s, flagged: false, suppressed } : s);
  }
  return out;
}
