/** Classification metrics and the flag-based figures that `emotion-lens eval` reports. */
import type { Classification } from '../classifier/flagRule';
import { EMOTIONS } from '../../../common/protocol';
import { isFlagged } from '../classifier/flagRule';
import { Gold, OUTPUT_LABELS } from './datasets';

export function classificationMetrics<L extends string>(pred: L[], gold: L[], labels: readonly L[]) {
  const n = labels.length;
  const confusion = labels.map(() => new Array<number>(n).fill(0));
  pred.forEach((p, i) => confusion[labels.indexOf(gold[i])][labels.indexOf(p)]++);
  const perClass = labels.map((label, k) => {
    const tp = confusion[k][k];
    const fp = confusion.reduce((s, row) => s + row[k], 0) - tp;
    const fn = confusion[k].reduce((s, v) => s + v, 0) - tp;
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: tp + fn };
  });
  const total = gold.length;
  return {
    accuracy: pred.filter((p, i) => p === gold[i]).length / total,
    weightedF1: perClass.reduce((s, c) => s + c.f1 * c.support, 0) / total,
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / n,
    perClass,
    confusion,
  };
}

/** What the user sees: the flagged emotion, or neutral. */
export function shown(c: Classification, threshold: number): Gold {
  return isFlagged(c, threshold, EMOTIONS) ? c.label : 'neutral';
}

/** Emotional texts flagged with their label, neutral texts flagged, and macro-F1 over six + neutral
 * of what is shown (an unflagged sentence counts as neutral), with its confusion matrix. */
export function flagFigures(results: Classification[], gold: Gold[], threshold: number) {
  const pred = results.map((r) => shown(r, threshold));
  const emotional = gold.filter((g) => g !== 'neutral').length;
  const neutral = gold.length - emotional;
  const m = classificationMetrics(pred, gold, OUTPUT_LABELS);
  return {
    count: gold.length,
    emotional,
    neutral,
    emotionalFlaggedRight: pred.filter((p, i) => gold[i] !== 'neutral' && p === gold[i]).length / Math.max(1, emotional),
    neutralFlagged: pred.filter((p, i) => gold[i] === 'neutral' && p !== 'neutral').length / Math.max(1, neutral),
    /** Flag / no flag as the gold label says (emotional or neutral). */
    flagAgreement: pred.filter((p, i) => (p === 'neutral') === (gold[i] === 'neutral')).length / Math.max(1, gold.length),
    /** Where both the gold label and the model flag: the same emotion. */
    rightLabelWhereBothFlag: (() => {
      const both = pred.filter((p, i) => p !== 'neutral' && gold[i] !== 'neutral');
      return both.length ? pred.filter((p, i) => p !== 'neutral' && gold[i] !== 'neutral' && p === gold[i]).length / both.length : 0;
    })(),
    macroF1: m.macroF1,
    perClass: m.perClass,
    confusion: m.confusion,
  };
}
