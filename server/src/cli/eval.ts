/**
 * `emotion-lens eval`: the model through the same pipeline the extension uses, on
 * every kind of text we hold out. Published figures are on the 'report' halves of
 * dair-ai validation and GoEmotions dev (training selected on the 'select' halves);
 * the held-out documentation, held-out commit subjects, the prose check set and the
 * report part of the labelled novel sentences (--novels) were never used for selection at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Classification } from '../classifier/flagRule';
import { isFlagged } from '../classifier/flagRule';
import { extractProse } from '../analysis/extract';
import { segmentSentences } from '../analysis/segment';
import { EMOTIONS } from '../../../common/protocol';
import { commitPart } from './commitSplit';
import { DataError, Gold, half, modelRoot, pinnedReadmes, readCommitSubjects, readGoEmotions, readLabelled, readNovelsReport, readProseCheck } from '../eval/datasets';
import { classificationMetrics, flagFigures } from '../eval/metrics';
import { loadClassifier, parseThreshold } from './shared';
import { UsageError } from './usage';

type Classify = (texts: string[]) => Promise<Classification[]>;

/** The indexes of a set's 'report' half and of the whole set: every figure comes for both. */
function reportAndAll(keys: string[]): { report: number[]; all: number[] } {
  const all = keys.map((_, i) => i);
  return { report: all.filter((i) => half(keys[i]) === 'report'), all };
}

/** dair-ai validation, report half and all: accuracy and F1 over the six emotions (argmax), and flagged with the right label. */
export async function dairFigures(file: string, classify: Classify, threshold: number) {
  const data = readLabelled(file);
  const results = await classify(data.texts);
  const figures = (keep: number[]) => {
    const labels = keep.map((i) => data.labels[i]);
    const r = keep.map((i) => results[i]);
    return {
      count: keep.length,
      ...classificationMetrics(r.map((x) => x.label), labels, EMOTIONS),
      flaggedRight: r.filter((x, i) => x.label === labels[i] && isFlagged(x, threshold, EMOTIONS)).length / keep.length,
    };
  };
  const parts = reportAndAll(data.texts);
  return { report: figures(parts.report), all: figures(parts.all) };
}

/** GoEmotions dev (mapped), report half and all: neutral flagged, emotional flagged right, macro-F1 over six + neutral. */
export async function goFigures(dataDir: string, classify: Classify, threshold: number) {
  const dev = readGoEmotions(dataDir, 'dev');
  const results = await classify(dev.texts);
  const figures = (keep: number[]) => flagFigures(keep.map((i) => results[i]), keep.map((i) => dev.labels[i]), threshold);
  const parts = reportAndAll(dev.ids);
  return { report: figures(parts.report), all: figures(parts.all) };
}

/** Sentences of the held-out pinned READMEs, found as the extension finds them (Markdown prose, Intl.Segmenter). */
export async function docsFigures(root: string, classify: Classify, threshold: number) {
  const { files, missing } = pinnedReadmes(root, 'heldout');
  const texts = files.flatMap((f) => {
    const prose = extractProse(fs.readFileSync(f, 'utf8'), 'markdown', false);
    return prose ? segmentSentences(prose).map((s) => s.text) : [];
  });
  const results = await classify(texts);
  const flagged = results.map((r, i) => ({ r, text: texts[i] })).filter((x) => isFlagged(x.r, threshold, EMOTIONS));
  return {
    files: files.length,
    missingFiles: missing,
    sentences: texts.length,
    flagged: flagged.length / Math.max(1, texts.length),
    examples: flagged.slice(0, 15).map((x) => `${x.r.label} ${x.r.score.toFixed(2)}: ${x.text.replace(/\s+/g, ' ').slice(0, 120)}`),
  };
}

export async function commitFigures(dataDir: string, classify: Classify, threshold: number) {
  const subjects = readCommitSubjects(dataDir);
  if (!subjects) return undefined;
  const heldout = subjects.filter((s) => commitPart(s) === 'heldout');
  const r = await classify(heldout);
  return { count: heldout.length, flagged: r.filter((x) => isFlagged(x, threshold, EMOTIONS)).length / heldout.length };
}

/** The prose check set, overall and per genre, with the sentences the model gets wrong. */
export async function proseCheck(file: string, classify: Classify, threshold: number) {
  const rows = readProseCheck(file);
  const results = await classify(rows.map((r) => r.text));
  const byGenre: Record<string, ReturnType<typeof flagFigures>> = {};
  for (const genre of [...new Set(rows.map((r) => r.genre))].sort()) {
    const idx = rows.map((r, i) => i).filter((i) => rows[i].genre === genre);
    byGenre[genre] = flagFigures(idx.map((i) => results[i]), idx.map((i) => rows[i].label), threshold);
  }
  const wrong = rows.map((r, i) => ({ ...r, r: results[i], shown: isFlagged(results[i], threshold, EMOTIONS) ? results[i].label : ('neutral' as Gold) }))
    .filter((x) => x.shown !== x.label)
    .map((x) => `${x.label} -> ${x.shown} (${x.r.label} ${x.r.score.toFixed(2)}, neutral ${x.r.neutral.toFixed(2)}) [${x.genre}] ${x.text}`);
  return { ...flagFigures(results, rows.map((r) => r.label), threshold), byGenre, wrong };
}

/** The report part of the labelled novel sentences (never read by training or selection). */
export async function novelFigures(file: string, classify: Classify, threshold: number) {
  const { texts, labels } = readNovelsReport(file);
  return flagFigures(await classify(texts), labels, threshold);
}

export async function evalCommand(values: Record<string, any>): Promise<number> {
  if (!values.data) throw new UsageError('eval needs --data DIR (the folder with emotion/, goemotions/ and commits/)');
  const validation = path.join(values.data, 'emotion', 'validation.txt');
  if (!fs.existsSync(validation)) throw new UsageError(`no ${validation}`);
  const t0 = performance.now();
  const classifier = await loadClassifier(values);
  const loadMs = performance.now() - t0;
  const threshold = parseThreshold(values.threshold, classifier.defaultThreshold);
  const classify: Classify = (t) => classifier.classify(t);
  const { texts } = readLabelled(validation);
  await classify(texts.slice(0, 32)); // warm-up
  const t1 = performance.now();
  await classify(texts);
  const out: Record<string, any> = {
    model: classifier.source, threshold, loadMs, sentences: texts.length, sentencesPerSecond: texts.length / ((performance.now() - t1) / 1000),
  };
  try {
    if (!values['speed-only']) {
      out.dair = await dairFigures(validation, classify, threshold);
      if (fs.existsSync(path.join(values.data, 'goemotions'))) {
        out.goemotions = await goFigures(values.data, classify, threshold);
      }
      out.docs = await docsFigures(values.docs ?? path.resolve(modelRoot(), '..', 'node_modules'), classify, threshold);
      out.commits = await commitFigures(values.data, classify, threshold);
      const checkSet = values['check-set'] ?? path.join(modelRoot(), 'eval', 'prose-check.tsv');
      out.proseCheck = await proseCheck(checkSet, classify, threshold);
      if (values.novels) out.novels = await novelFigures(values.novels, classify, threshold);
    }
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(e.message);
    throw e;
  }
  process.stdout.write(values.json ? JSON.stringify(out, null, 1) + '\n' : formatReport(out));
  return 0;
}

const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
const f4 = (x: number) => x.toFixed(4);

function confusionLines(labels: readonly string[], confusion: number[][]): string[] {
  return [`  ${''.padEnd(9)}${labels.map((l) => l.slice(0, 5).padStart(6)).join('')}`, ...confusion.map((row, i) => `  ${labels[i].padEnd(9)}${row.map((v) => String(v).padStart(6)).join('')}`)];
}

function formatReport(o: Record<string, any>): string {
  const lines = [
    `model: ${o.model}`,
    `load: ${o.loadMs.toFixed(0)} ms; ${o.sentences} validation sentences at ${o.sentencesPerSecond.toFixed(0)} sentences/s (batched)`,
    `flag rule: emotional (1 - neutral; six-output models: the top emotion) with probability >= ${o.threshold}`,
  ];
  if (o.dair) {
    const { report: r, all: a } = o.dair;
    lines.push('', `dair-ai validation (report half, ${r.count}): accuracy ${f4(r.accuracy)}  weighted F1 ${f4(r.weightedF1)}  macro F1 ${f4(r.macroF1)}  flagged right ${pc(r.flaggedRight)}`,
      `dair-ai validation (all, ${a.count}): accuracy ${f4(a.accuracy)}  weighted F1 ${f4(a.weightedF1)}  macro F1 ${f4(a.macroF1)}  flagged right ${pc(a.flaggedRight)}`,
      ...confusionLines(EMOTIONS, a.confusion));
  }
  if (o.goemotions) {
    for (const [name, g] of [['report half', o.goemotions.report], ['all', o.goemotions.all]] as const) {
      lines.push('', `GoEmotions dev (${name}, ${g.count}): neutral flagged ${pc(g.neutralFlagged)} of ${g.neutral}; emotional flagged right ${pc(g.emotionalFlaggedRight)} of ${g.emotional}; macro F1 (six + neutral) ${f4(g.macroF1)}`);
    }
    lines.push(...confusionLines([...EMOTIONS, 'neutral'], o.goemotions.all.confusion));
  }
  if (o.docs) {
    lines.push('', `held-out documentation: ${pc(o.docs.flagged)} of ${o.docs.sentences} sentences flagged (${o.docs.files} READMEs${o.docs.missingFiles ? `; ${o.docs.missingFiles} pinned files not found or changed` : ''})`,
      ...o.docs.examples.map((x: string) => `  flagged  ${x}`));
  }
  if (o.commits) lines.push(`held-out commit subjects: ${pc(o.commits.flagged)} of ${o.commits.count} flagged`);
  if (o.proseCheck) {
    const p = o.proseCheck;
    lines.push('', `prose check set (${p.count}): flag agreement ${pc(p.flagAgreement)}; right label where both flag ${pc(p.rightLabelWhereBothFlag)}; emotional flagged right ${pc(p.emotionalFlaggedRight)}; neutral flagged ${pc(p.neutralFlagged)}`,
      ...Object.entries(p.byGenre).map(([g, x]: [string, any]) => `  ${g.padEnd(8)} ${String(x.count).padStart(4)}: agreement ${pc(x.flagAgreement)}, right label ${pc(x.rightLabelWhereBothFlag)}, neutral flagged ${pc(x.neutralFlagged)}, emotional right ${pc(x.emotionalFlaggedRight)}`),
      ...p.wrong.map((m: string) => `  wrong  ${m}`));
  }
  if (o.novels) {
    const n = o.novels;
    lines.push('', `novel sentences, report part (${n.count}): flag agreement ${pc(n.flagAgreement)}; right label where both flag ${pc(n.rightLabelWhereBothFlag)}; neutral flagged ${pc(n.neutralFlagged)} of ${n.neutral}; emotional flagged right ${pc(n.emotionalFlaggedRight)} of ${n.emotional}`);
  }
  return lines.join('\n') + '\n';
}
