/** The hover: label, confidence, all six probabilities (and neutral's, for models that have it) as bars, and the words that drive the label. */
import { EMOTIONS, EmotionScores, Emotion } from '../../common/protocol';
import { emotionalProbability, hasNeutralOutput } from './classifier/flagRule';

const WIDTH = 20;

function bar(p: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, p)) * WIDTH * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  return '█'.repeat(full) + (part ? String.fromCharCode(0x2590 - part) : '') + ' '.repeat(WIDTH - full - (part ? 1 : 0));
}

export function hoverMarkdown(args: {
  label: Emotion;
  score: number;
  scores: EmotionScores;
  neutral: number;
  flagged: boolean;
  threshold: number;
  words: Array<{ word: string; drop: number }>;
}): string {
  const pct = (x: number) => `${(x * 100).toFixed(0).padStart(3)}%`;
  // with a neutral output the threshold applies to 1 − neutral, which the head names beside the label's own
  const emotional = hasNeutralOutput(args) ? `emotional ${pct(emotionalProbability(args)).trim()}` : '';
  const head = args.flagged
    ? `**Emotion Lens: ${args.label}** (${pct(args.score).trim()}${emotional ? `; ${emotional}` : ''})`
    : `**Emotion Lens: neutral** (closest: ${args.label}, ${pct(args.score).trim()}; ${emotional ? `${emotional}, ` : ''}flagged at ${Math.round(args.threshold * 100)}%)`;
  const probs: Array<[string, number]> = EMOTIONS.map((e) => [e, args.scores[e]]);
  if (hasNeutralOutput(args)) probs.push(['neutral', args.neutral]);
  const rows = probs.sort((a, b) => b[1] - a[1]).map(([e, p]) => `${e.padEnd(8)} ${bar(p)} ${pct(p)}`);
  const parts = [head, '```text\n' + rows.join('\n') + '\n```'];
  if (args.words.length) parts.push(`Words driving *${args.label}*: ${args.words.map((w) => `**${w.word}**`).join(', ')}`);
  return parts.join('\n\n');
}
