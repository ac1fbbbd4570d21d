import type { Emotion, EmotionScores } from '../protocol';

export interface Classification {
  label: Emotion;
  score: number;
  scores: EmotionScores;
  /** False when the text has no words the model can read (emoji only, CJK...). */
  readable: boolean;
}

/** The flag rule: confident enough, a label the user asked for, and readable text. */
export function isFlagged(c: Classification, threshold: number, labels: readonly Emotion[]): boolean {
  return c.readable && c.score >= threshold && labels.includes(c.label);
}
