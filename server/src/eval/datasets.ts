/**
 * The evaluation data, read exactly as model/train/ reads it: dair-ai emotion, GoEmotions
 * (mapped by model/data/goemotions-map.json), commit subjects, the pinned documentation
 * READMEs (model/data/docs-manifest.tsv) and the prose check set. Malformed input is a
 * DataError naming the file and line, never a stack trace.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { EMOTIONS, Emotion } from '../../../common/protocol';
import { hashBucket } from '../cli/commitSplit';
import { bundledModelDir } from '../classifier/classifier';

export type Gold = Emotion | 'neutral';
export const OUTPUT_LABELS: readonly Gold[] = [...EMOTIONS, 'neutral'];

export class DataError extends Error {}

/** model/: the folder of the bundled model, beside dist/ or in the repository. */
export function modelRoot(): string {
  return path.dirname(bundledModelDir());
}

function lines(file: string): string[] {
  if (!fs.existsSync(file)) throw new DataError(`no ${file}`);
  return fs.readFileSync(file, 'utf8').split(/\r?\n/);
}

/** GoEmotions dev and dair-ai validation are split in two by SHA-1 (model/train/data.py's `half`):
 * 'select' for model selection and calibration, 'report' for the published figures. */
export function half(key: string): 'select' | 'report' {
  return hashBucket(key, 2) === 0 ? 'select' : 'report';
}

/** "text;label" lines of the dair-ai dataset (split on the last ';'). */
export function readLabelled(file: string): { texts: string[]; labels: Emotion[] } {
  const texts: string[] = [];
  const labels: Emotion[] = [];
  lines(file).forEach((line, i) => {
    if (!line.trim()) return;
    const cut = line.lastIndexOf(';');
    const label = line.slice(cut + 1).trim();
    if (cut < 0 || !(EMOTIONS as readonly string[]).includes(label)) {
      throw new DataError(`${file}:${i + 1}: expected "text;label" with one of ${EMOTIONS.join(', ')}`);
    }
    texts.push(line.slice(0, cut));
    labels.push(label as Emotion);
  });
  return { texts, labels };
}

/** GoEmotions `text TAB label ids TAB comment id`, mapped onto six + neutral; unmappable comments left out. */
export function readGoEmotions(dataDir: string, split: 'train' | 'dev'): { texts: string[]; labels: Gold[]; ids: string[] } {
  const folder = path.join(dataDir, 'goemotions');
  const names = lines(path.join(folder, 'labels.txt')).map((s) => s.trim()).filter(Boolean);
  const map: Record<string, Gold> = JSON.parse(fs.readFileSync(path.join(modelRoot(), 'data', 'goemotions-map.json'), 'utf8')).map;
  const out = { texts: [] as string[], labels: [] as Gold[], ids: [] as string[] };
  const file = path.join(folder, `${split}.tsv`);
  lines(file).forEach((line, i) => {
    if (!line.trim()) return;
    const [text, labelIds, id] = line.split('\t');
    const idx = (labelIds ?? '').split(',').map(Number);
    if (id === undefined || idx.some((k) => !Number.isInteger(k) || !names[k])) throw new DataError(`${file}:${i + 1}: expected "text TAB label ids TAB id"`);
    const mapped = new Set(idx.map((k) => map[names[k]]).filter(Boolean));
    if (mapped.size !== 1) return;
    out.texts.push(text);
    out.labels.push([...mapped][0]);
    out.ids.push(id);
  });
  return out;
}

/** The commit subjects of the data folder (one per line), or undefined when it has none. */
export function readCommitSubjects(dataDir: string): string[] | undefined {
  const file = path.join(dataDir, 'commits', 'subjects.txt');
  if (!fs.existsSync(file)) return undefined;
  return lines(file).map((s) => s.trim()).filter(Boolean);
}

/** The pinned held-out (or train) READMEs found under `root` (a node_modules folder or a
 * `docs.py fetch` folder) whose bytes match the manifest, and how many did not. */
export function pinnedReadmes(root: string, split: 'train' | 'heldout'): { files: string[]; missing: number } {
  const rows = lines(path.join(modelRoot(), 'data', 'docs-manifest.tsv')).filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('\t'));
  const files: string[] = [];
  let missing = 0;
  for (const [name, , part, md5] of rows) {
    if (part !== split) continue;
    const file = path.join(root, name, 'README.md');
    if (fs.existsSync(file) && createHash('md5').update(fs.readFileSync(file)).digest('hex') === md5) files.push(file);
    else missing++;
  }
  return { files, missing };
}

export interface CheckRow { label: Gold; genre: string; text: string }

/** The prose check set: `label TAB genre TAB sentence` (majority of three annotators). */
/** The report part of the labelled novel sentences (`model/train/narrative.py build`'s output: key, part, label, sentence). */
export function readNovelsReport(file: string): { texts: string[]; labels: Gold[] } {
  const out = { texts: [] as string[], labels: [] as Gold[] };
  lines(file).forEach((line, i) => {
    if (!line.trim()) return;
    const [, part, label, text] = line.split('\t');
    if (!(OUTPUT_LABELS as readonly string[]).includes(label) || !['train', 'select', 'report'].includes(part) || !text) {
      throw new DataError(`${file}:${i + 1}: expected "key TAB part TAB label TAB sentence" (narrative.py build's output)`);
    }
    if (part === 'report') {
      out.texts.push(text);
      out.labels.push(label as Gold);
    }
  });
  return out;
}

export function readProseCheck(file: string): CheckRow[] {
  const rows: CheckRow[] = [];
  lines(file).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [label, genre, text] = line.split('\t');
    if (!(OUTPUT_LABELS as readonly string[]).includes(label) || !genre || !text) {
      throw new DataError(`${file}:${i + 1}: expected "label TAB genre TAB sentence" with label one of ${OUTPUT_LABELS.join(', ')}`);
    }
    rows.push({ label: label as Gold, genre, text: text.trim() });
  });
  return rows;
}
