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

// The web extension runs the model on onnxruntime-web's WASM backend, one thread:
// the bundled model there, batched as the classifier batches (32, sorted by length).
async function wasmSentencesPerSecond(modelDir) {
  const ort = (await import('onnxruntime-web')).default ?? (await import('onnxruntime-web'));
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = path.join(ROOT, 'node_modules', 'onnxruntime-web', 'dist') + path.sep;
  const { AutoTokenizer, env } = await import('@xenova/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(modelDir) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(modelDir));
  const session = await ort.InferenceSession.create(fs.readFileSync(path.join(modelDir, 'onnx', 'model.onnx')), { executionProviders: ['wasm'] });
  const { normalizeText } = await import(path.join(ROOT, 'dist', 'core.js'));
  const texts = fs.readFileSync(path.join(values.data, 'emotion', 'validation.txt'), 'utf8').split('\n').filter(Boolean).map((l) => normalizeText(l.slice(0, l.lastIndexOf(';'))));
  const encoded = texts.map((t) => Array.from(tokenizer(t).input_ids.data, Number)).sort((a, b) => a.length - b.length);
  const run = async () => {
    for (let s = 0; s < encoded.length; s += 32) {
      const batch = encoded.slice(s, s + 32);
      const n = Math.max(...batch.map((x) => x.length));
      const ids = new BigInt64Array(batch.length * n);
      const mask = new BigInt64Array(batch.length * n);
      batch.forEach((x, i) => x.forEach((v, j) => { ids[i * n + j] = BigInt(v); mask[i * n + j] = 1n; }));
      await session.run({ input_ids: new ort.Tensor('int64', ids, [batch.length, n]), attention_mask: new ort.Tensor('int64', mask, [batch.length, n]) });
    }
  };
  await run(); // warm-up
  const t0 = performance.now();
  await run();
  return encoded.length / ((performance.now() - t0) / 1000);
}
const wasm = await wasmSentencesPerSecond(path.join(ROOT, 'model', 'emotion-distilbert'));
console.log(`bundled model on onnxruntime-web WASM, 1 thread: ${wasm.toFixed(0)} sentences/s (target >= 300; native above: ${(ours / wasm).toFixed(1)}x faster)`);
