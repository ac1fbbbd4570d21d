/**
 * `emotion-lens eval`: the model through the same pipeline the extension uses.
 * Accuracy, weighted and macro F1, per-class precision/recall/F1, the confusion
 * matrix, load time and sentences per second on validation.txt; and the neutral
 * figures: commit subjects flagged (the held-out part the model never saw) and
 * validation sentences flagged with their correct label; and the prose check set.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isFlagged } from '../classifier/classifier';
import { EMOTIONS, Emotion } from '../../../common/protocol';
import { commitPart } from './commitSplit';
import { loadClassifier, parseThreshold } from './shared';
import { UsageError } from './usage';

/** "text;label" lines of the dataset. */
export function readLabelled(file: string): { texts: string[]; labels: Emotion[] } {
  const texts: string[] = [];
  const labels: Emotion[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const cut = line.lastIndexOf(';');
    if (cut < 0) continue;
    texts.push(line.slice(0, cut));
    labels.push(line.slice(cut + 1).trim() as Emotion);
  }
  return { texts, labels };
}

export function classificationMetrics(pred: Emotion[], gold: Emotion[]) {
  const n = EMOTIONS.length;
  const idx = (e: Emotion) => EMOTIONS.indexOf(e);
  const confusion = EMOTIONS.map(() => new Array<number>(n).fill(0));
  pred.forEach((p, i) => confusion[idx(gold[i])][idx(p)]++);
  const perClass = EMOTIONS.map((label, k) => {
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

/** The commit subjects of the data folder (one per line), or undefined when it has none. */
export function readCommitSubjects(dataDir: string): string[] | undefined {
  const file = path.join(dataDir, 'commits', 'subjects.txt');
  if (!fs.existsSync(file)) return undefined;
  return fs.readFileSync(file, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
}

export async function evalCommand(values: Record<string, any>): Promise<number> {
  if (!values.data) throw new UsageError('eval needs --data DIR (the folder with emotion/ and commits/)');
  const validation = path.join(values.data, 'emotion', 'validation.txt');
  if (!fs.existsSync(validation)) throw new UsageError(`no ${validation}`);
  const t0 = performance.now();
  const classifier = await loadClassifier(values);
  const loadMs = performance.now() - t0;
  const threshold = parseThreshold(values.threshold, classifier.defaultThreshold);
  const { texts, labels } = readLabelled(validation);
  await classifier.classify(texts.slice(0, 32)); // warm-up
  const t1 = performance.now();
  const results = await classifier.classify(texts);
  const seconds = (performance.now() - t1) / 1000;
  const out: Record<string, any> = {
    model: classifier.source, threshold, loadMs, sentences: texts.length, sentencesPerSecond: texts.length / seconds,
  };
  if (!values['speed-only']) {
    Object.assign(out, classificationMetrics(results.map((r) => r.label), labels));
    out.validationFlaggedCorrect = results.filter((r, i) => r.label === labels[i] && isFlagged(r, threshold, EMOTIONS)).length / texts.length;
    const subjects = readCommitSubjects(values.data);
    if (subjects) {
      const heldout = subjects.filter((s) => commitPart(s) === 'heldout');
      const rate = async (list: string[]) => (await classifier.classify(list)).filter((r) => isFlagged(r, threshold, EMOTIONS)).length / list.length;
      out.commitsHeldout = { count: heldout.length, flagged: await rate(heldout) };
      out.commitsAll = { count: subjects.length, flagged: await rate(subjects) };
    }
    const checkSet = values['check-set'] ?? path.resolve(__dirname, '..', 'model', 'eval', 'prose-check.tsv');
    if (fs.existsSync(checkSet)) out.proseCheck = await proseCheck(checkSet, async (t) => classifier.classify(t), threshold);
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  } else {
    process.stdout.write(formatReport(out));
  }
  return 0;
}

/** The prose check set (label TAB sentence): emotional sentences flagged with their label, neutral ones flagged. */
export async function proseCheck(file: string, classify: (t: string[]) => Promise<import('../classifier/classifier').Classification[]>, threshold: number) {
  const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => {
    const [label, ...rest] = l.split('\t');
    return { label: label.trim(), text: rest.join('\t').trim() };
  });
  const results = await classify(rows.map((r) => r.text));
  const emotional = rows.map((r, i) => ({ ...r, r: results[i] })).filter((x) => x.label !== 'neutral');
  const neutral = rows.map((r, i) => ({ ...r, r: results[i] })).filter((x) => x.label === 'neutral');
  const flaggedRight = emotional.filter((x) => x.r.label === x.label && isFlagged(x.r, threshold, EMOTIONS));
  const neutralFlagged = neutral.filter((x) => isFlagged(x.r, threshold, EMOTIONS));
  return {
    emotional: emotional.length,
    emotionalFlaggedCorrect: flaggedRight.length / emotional.length,
    neutral: neutral.length,
    neutralFlagged: neutralFlagged.length / neutral.length,
    misses: emotional.filter((x) => !flaggedRight.includes(x)).map((x) => `${x.label} -> ${x.r.label} ${x.r.score.toFixed(2)}: ${x.text}`),
    falseFlags: neutralFlagged.map((x) => `${x.r.label} ${x.r.score.toFixed(2)}: ${x.text}`),
  };
}

function formatReport(o: Record<string, any>): string {
  const f = (x: number) => x.toFixed(4);
  const lines = [
    `model: ${o.model}`,
    `load: ${o.loadMs.toFixed(0)} ms; ${o.sentences} validation sentences at ${o.sentencesPerSecond.toFixed(0)} sentences/s (batched)`,
  ];
  if (o.accuracy !== undefined) {
    lines.push(
      `accuracy ${f(o.accuracy)}  weighted F1 ${f(o.weightedF1)}  macro F1 ${f(o.macroF1)}`,
      '',
      '| label | precision | recall | F1 | support |',
      '| --- | --- | --- | --- | --- |',
      ...o.perClass.map((c: any) => `| ${c.label} | ${f(c.precision)} | ${f(c.recall)} | ${f(c.f1)} | ${c.support} |`),
      '',
      `confusion (rows: true, columns: predicted; ${EMOTIONS.join(', ')})`,
      ...o.confusion.map((row: number[], i: number) => `  ${EMOTIONS[i].padEnd(8)} ${row.map((v) => String(v).padStart(5)).join('')}`),
      '',
      `flag rule: top probability >= ${o.threshold}`,
      `validation sentences flagged with their correct label: ${(o.validationFlaggedCorrect * 100).toFixed(1)}%`,
    );
    if (o.commitsHeldout) {
      lines.push(
        `commit subjects flagged: held-out ${(o.commitsHeldout.flagged * 100).toFixed(1)}% of ${o.commitsHeldout.count}; all ${(o.commitsAll.flagged * 100).toFixed(1)}% of ${o.commitsAll.count}`,
      );
    }
    if (o.proseCheck) {
      const p = o.proseCheck;
      lines.push(
        `prose check set: emotional flagged with the right label ${(p.emotionalFlaggedCorrect * 100).toFixed(1)}% of ${p.emotional}; neutral flagged ${(p.neutralFlagged * 100).toFixed(1)}% of ${p.neutral}`,
        ...p.misses.map((m: string) => `  missed   ${m}`),
        ...p.falseFlags.map((m: string) => `  flagged  ${m}`),
      );
    }
  }
  return lines.join('\n') + '\n';
}
