/** `emotion-lens check`: per-sentence emotions of files, with a summary. */
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer, countLabels } from '../analysis/analyzer';
import { ALL_LANGUAGES, DEFAULT_SETTINGS, EMOTIONS, SentenceResult } from '../../../common/protocol';
import { loadClassifier, parseLabels, parseThreshold, percent } from './shared';
import { UsageError } from './usage';

const BY_EXTENSION: Record<string, string> = {
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown',
  '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.jsx': 'javascriptreact', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python',
};
const COMMIT_FILES = new Set(['COMMIT_EDITMSG', 'MERGE_MSG', 'TAG_EDITMSG', 'SQUASH_MSG']);

export function languageOf(file: string): string {
  const base = path.basename(file);
  if (COMMIT_FILES.has(base)) return 'git-commit';
  return BY_EXTENSION[path.extname(base).toLowerCase()] ?? 'plaintext';
}

export async function checkCommand(values: Record<string, any>, files: string[]): Promise<number> {
  if (!files.length) throw new UsageError('check needs at least one FILE (or - for stdin)');
  if (values.language && !ALL_LANGUAGES.includes(values.language)) {
    throw new UsageError(`unknown --language "${values.language}" (one of: ${ALL_LANGUAGES.join(', ')})`);
  }
  const failOn = parseLabels(values['fail-on']);
  const inputs = files.map((f) => {
    try {
      return { file: f, text: fs.readFileSync(f === '-' ? 0 : f, 'utf8') };
    } catch (e) {
      throw new UsageError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
  const classifier = await loadClassifier(values);
  const threshold = parseThreshold(values.threshold, classifier.defaultThreshold);
  const analyzer = new Analyzer((t) => classifier.classify(t));
  const settings = { ...DEFAULT_SETTINGS, comments: true, maxDocumentSize: Number.MAX_SAFE_INTEGER };
  const report: Array<{ file: string; language: string; sentences: SentenceResult[] }> = [];
  for (const { file, text } of inputs) {
    const language = values.language ?? (file === '-' ? 'plaintext' : languageOf(file));
    const outcome = await analyzer.analyze(text, { languageId: language, settings, threshold });
    report.push({ file, language, sentences: outcome.kind === 'done' ? outcome.sentences : [] });
  }
  const all = report.flatMap((r) => r.sentences);
  const counts = countLabels(all);
  const failed = all.some((s) => s.flagged && failOn.includes(s.label));
  if (values.json) {
    process.stdout.write(JSON.stringify({ threshold, files: report, counts, failed }, null, 1) + '\n');
  } else {
    for (const { file, sentences } of report) {
      for (const s of sentences) {
        if (!s.flagged && !values.all) continue;
        const where = `${file === '-' ? '<stdin>' : file}:${s.range.start.line + 1}:${s.range.start.character + 1}`;
        const text = s.text.length > 100 ? s.text.slice(0, 97) + '...' : s.text;
        process.stdout.write(`${where}  ${s.flagged ? s.label : '-'} ${percent(s.score)}  ${text}\n`);
      }
    }
    const mix = EMOTIONS.filter((e) => counts[e]).map((e) => `${counts[e]} ${e}`);
    process.stdout.write(`${all.length} sentence${all.length === 1 ? '' : 's'} in ${report.length} file${report.length === 1 ? '' : 's'}: ${mix.length ? mix.join(', ') + ', ' : ''}${counts.neutral} neutral` +
      (failed ? `; found ${failOn.join('/')} (--fail-on)` : '') + '\n');
  }
  return failed ? 1 : 0;
}
