import { EmotionClassifier } from '../classifier/classifier';
import { EMOTIONS, Emotion } from '../../../common/protocol';
import { UsageError } from './usage';

export async function loadClassifier(values: { model?: string; 'allow-remote'?: boolean }): Promise<EmotionClassifier> {
  return EmotionClassifier.load({ model: values.model, allowRemoteModels: Boolean(values['allow-remote']) });
}

export function parseThreshold(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || x < 0 || x > 1) throw new UsageError(`--threshold must be a number from 0 to 1, not "${value}"`);
  return x;
}

export function parseLabels(value: string | undefined): Emotion[] {
  if (value === undefined) return [];
  const labels = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const l of labels) {
    if (!(EMOTIONS as readonly string[]).includes(l)) throw new UsageError(`unknown label "${l}" (labels: ${EMOTIONS.join(', ')})`);
  }
  return labels as Emotion[];
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
