import type { Emotion, EmotionScores } from '../../../common/protocol';

export interface Classification {
  label: Emotion;
  score: number;
  scores: EmotionScores;
  /** False when the text has no words the model can read (emoji only, CJK...). */
  readable: boolean;
  /** Probability of the model's `neutral` output; 0 for six-output models (the reference model). */
  neutral: number;
}

/** Whether the model has a neutral output: six-output models (the reference) report neutral as 0. */
export function hasNeutralOutput(c: Pick<Classification, 'neutral'>): boolean {
  return c.neutral > 0;
}

/**
 * How sure the model is that the text carries an emotion, the figure the threshold applies to:
 * 1 − P(neutral) for a model with a neutral output (the six emotions share the rest, so a
 * sentence split between joy and love still counts whole), the top emotion's probability for
 * six-output models (the reference model), whose neutral is 0.
 */
export function emotionalProbability(c: Pick<Classification, 'score' | 'neutral'>): number {
  return hasNeutralOutput(c) ? 1 - c.neutral : c.score;
}

/** The flag rule: readable text, emotional with at least the threshold's probability, its likeliest emotion one the user asked for. */
export function isFlagged(c: Classification, threshold: number, labels: readonly Emotion[]): boolean {
  return c.readable && emotionalProbability(c) >= threshold && labels.includes(c.label);
}
