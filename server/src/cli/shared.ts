import * as fs from 'fs';
import * as path from 'path';
import { EmotionClassifier } from '../classifier/classifier';
import { EMOTIONS, Emotion } from '../../../common/protocol';
import { UsageError } from './usage';

export async function loadClassifier(values: { model?: string; 'allow-remote'?: boolean }): Promise<EmotionClassifier> {
  return EmotionClassifier.load({ model: values.model, allowRemoteModels: Boolean(values['allow-remote']) });
}

export function parseThreshold(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!value.trim() || !Number.isFinite(x) || x < 0 || x > 1) throw new UsageError(`--threshold must be a number from 0 to 1, not "${value}"`);
  return x;
}

/** Comma-separated labels; `option` names the flag in messages. */
export function parseLabels(value: string | undefined, option = '--fail-on'): Emotion[] {
  if (value === undefined) return [];
  const labels = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const l of labels) {
    if (!(EMOTIONS as readonly string[]).includes(l)) throw new UsageError(`${option}: unknown label "${l}" (labels: ${EMOTIONS.join(', ')})`);
  }
  return [...new Set(labels)] as Emotion[];
}

export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Text for a terminal: control characters (C0, DEL, C1 — escape sequences that clear
 * the screen or set the window title) and bidirectional overrides (which reorder what
 * is shown) become visible \x.. / \u.... escapes.
 */
export function escapeForTerminal(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** The package version (package.json beside dist/ in a checkout and in an installed package). */
export function packageVersion(): string {
  for (const p of [path.resolve(__dirname, '..', 'package.json'), path.resolve(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      const j = JSON.parse(fs.readFileSync(p, 'utf8'));
      if (j.name === 'emotion-lens') return String(j.version);
    } catch {
      // not this candidate: try the next
    }
  }
  return 'unknown';
}
