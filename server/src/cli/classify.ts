/** `emotion-lens classify`: one text per stdin line, one result per line, in order. */
import * as readline from 'readline';
import { isFlagged } from '../classifier/classifier';
import { EMOTIONS } from '../../../common/protocol';
import { escapeForTerminal, loadClassifier, parseLabels, parseThreshold, percent } from './shared';

export async function classifyCommand(values: Record<string, any>): Promise<number> {
  const labels = values.labels !== undefined ? parseLabels(values.labels, '--labels') : [...EMOTIONS];
  if (values.threshold !== undefined) parseThreshold(values.threshold, 0); // bad usage before the model loads
  const classifier = await loadClassifier(values);
  const threshold = parseThreshold(values.threshold, classifier.defaultThreshold);
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let chunk: string[] = [];
  const flush = async () => {
    const results = await classifier.classify(chunk);
    const lines = results.map((r, i) => {
      const flagged = isFlagged(r, threshold, labels);
      // `label` answers "what is flagged?" (so `jq .label` never calls a blank line angry); `top` is the model's best guess
      return values.json
        ? JSON.stringify({ label: flagged ? r.label : 'neutral', top: r.label, score: r.score, scores: r.scores, neutral: r.neutral, flagged })
        : `${flagged ? r.label : '-'}\t${r.label} ${percent(r.score)}\t${escapeForTerminal(chunk[i])}`;
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
