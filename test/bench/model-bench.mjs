// Model cost: our bundled model against a DistilBERT-base-shaped model (random
// weights, the reference's size: 6 layers, 768 hidden, 30,522 tokens), through the
// same transformers.js pipeline, same machine, same run: load time and
// sentences/s on the 2,000 validation sentences, batched.
// Usage: node test/bench/model-bench.mjs [--data ../shared/data] [--reference DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { data: { type: 'string', default: path.resolve(ROOT, '..', 'shared', 'data') }, reference: { type: 'string', default: path.join(os.tmpdir(), 'emotion-lens-reference-shaped') }, runs: { type: 'string', default: '2' } } });

if (!fs.existsSync(path.join(values.reference, 'onnx', 'model.onnx'))) {
  console.log(`writing the reference-shaped model to ${values.reference} (needs python3-torch)`);
  execFileSync('/usr/bin/python3', [path.join(ROOT, 'model', 'train', 'export.py'), '--reference-shaped', values.reference], { stdio: 'inherit' });
}

function measure(model) {
  const args = [path.join(ROOT, 'dist', 'cli.js'), 'eval', '--data', values.data, '--speed-only', '--json'];
  if (model) args.push('--model', model);
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

const rows = [];
for (let i = 0; i < Number(values.runs); i++) {
  // alternate so neither model always runs on a warmer machine
  rows.push({ ours: measure(undefined), reference: measure(values.reference) });
}
const best = (k, f) => Math.max(...rows.map((r) => f(r[k])));
const bestLoad = (k) => Math.min(...rows.map((r) => r[k].loadMs));
const ours = best('ours', (x) => x.sentencesPerSecond);
const ref = best('reference', (x) => x.sentencesPerSecond);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}`);
console.log(`bundled model:          ${ours.toFixed(0)} sentences/s, load ${bestLoad('ours').toFixed(0)} ms`);
console.log(`reference-shaped model: ${ref.toFixed(0)} sentences/s, load ${bestLoad('reference').toFixed(0)} ms`);
console.log(`throughput ratio: ${(ours / ref).toFixed(1)}x; load-time ratio: ${(bestLoad('reference') / bestLoad('ours')).toFixed(1)}x (best of ${rows.length} runs each)`);
