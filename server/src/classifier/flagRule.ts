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

/** The flag rule: readable text, an emotion more likely than neutral and confident enough, a label the user asked for. */
export function isFlagged(c: Classification, threshold: number, labels: readonly Emotion[]): boolean {
  return c.readable && c.score >= threshold && c.score > c.neutral && labels.includes(c.label);
}
