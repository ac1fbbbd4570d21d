// How many cores' worth of model work this machine gives, which bounds what `check --jobs N`
// can gain over one `classify`: the bundled model alone on dair-ai validation (2,000
// sentences, three passes, batches of 256 lines as `classify` sends them, model warm), in
// one process with 1 and with 2 onnxruntime intra-op threads, and in two one-thread
// processes side by side. Numbers and ratios against the one-thread process of the same round.
// Usage: node test/bench/cores-bench.mjs [--data ../shared/data] [--rounds 2]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SELF = fileURLToPath(import.meta.url);
const { values } = parseArgs({ options: { data: { type: 'string', default: path.resolve(ROOT, '..', 'shared', 'data') }, rounds: { type: 'string', default: '2' }, threads: { type: 'string' } } });

if (values.threads) {
  // one measurement: this process, this many intra-op threads (as `check --jobs` gives its processes)
  const core = createRequire(import.meta.url)(path.join(ROOT, 'dist', 'core.js'));
  core.limitModelThreads(Number(values.threads));
  const lines = fs.readFileSync(path.join(values.data, 'emotion', 'validation.txt'), 'utf8').trim().split('\n').map((l) => l.slice(0, l.lastIndexOf(';')));
  const c = await core.EmotionClassifier.load();
  await c.classify(lines.slice(0, 64));
  const t0 = performance.now();
  for (let pass = 0; pass < 3; pass++) for (let i = 0; i < lines.length; i += 256) await c.classify(lines.slice(i, i + 256));
  process.stdout.write(String((3 * lines.length) / ((performance.now() - t0) / 1000)));
} else {
  const args = (t) => [SELF, '--data', values.data, '--threads', String(t)];
  const one = (t) => Number(execFileSync(process.execPath, args(t), { encoding: 'utf8' }));
  const pair = () => Promise.all([0, 1].map(() => new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`exit ${code}`))));
  })));
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    const t1 = one(1);
    const t2 = one(2);
    const [a, b] = await pair();
    console.log(`round ${round}: one process, 1 thread ${t1.toFixed(0)}/s; 2 threads ${t2.toFixed(0)}/s (${(t2 / t1).toFixed(2)}x); ` +
      `two 1-thread processes side by side ${a.toFixed(0)} + ${b.toFixed(0)} = ${(a + b).toFixed(0)}/s (${((a + b) / t1).toFixed(2)}x)`);
  }
}
