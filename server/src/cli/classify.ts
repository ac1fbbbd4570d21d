/** `emotion-lens classify`: one text per stdin line, one result per line, in order. */
import * as readline from 'readline';
import { isFlagged } from '../classifier/classifier';
import { EMOTIONS } from '../../../common/protocol';
import { loadClassifier, parseThreshold, percent } from './shared';

export async function classifyCommand(values: Record<string, any>): Promise<number> {
  const classifier = await loadClassifier(values);
  const threshold = parseThreshold(values.threshold, classifier.defaultThreshold);
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let chunk: string[] = [];
  const flush = async () => {
    const results = await classifier.classify(chunk);
    const lines = results.map((r, i) => {
      const flagged = isFlagged(r, threshold, EMOTIONS);
      return values.json
        ? JSON.stringify({ label: r.label, score: r.score, scores: r.scores, flagged })
        : `${flagged ? r.label : '-'}\t${r.label} ${percent(r.score)}\t${chunk[i]}`;
    });
    chunk = [];
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  };
  for await (const line of rl) {
    chunk.push(line);
    if (chunk.length >= 256) await flush();
  }
  await flush();
  return 0;
}
