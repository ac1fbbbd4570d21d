// The WASM runtime (onnxruntime-web) beside the native one, through the real CLI:
// the same labels and probabilities for the parity sentences, and the fallback when
// the native library cannot load (a copy of the bundle whose onnxruntime-node has no
// binary, as on a platform it was not built for): one note on stderr, same results.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { cases } = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'parity.json'), 'utf8'));
const input = cases.map((c) => c.text).join('\n') + '\n';

function classify(cli, env = {}) {
  const r = spawnSync(process.execPath, [cli, 'classify', '--json'], { input, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return { results: r.stdout.trim().split('\n').map((l) => JSON.parse(l)), stderr: r.stderr };
}

function assertSame(a, b) {
  assert.equal(a.length, cases.length);
  assert.deepEqual(a.map((r) => r.label), b.map((r) => r.label));
  const delta = Math.max(...a.flatMap((r, i) => Object.keys(r.scores).map((k) => Math.abs(r.scores[k] - b[i].scores[k]))));
  assert.ok(delta < 1e-4, `max |Δp| ${delta}`);
}

const native = classify(path.join(ROOT, 'dist', 'cli.js'));

test('EMOTION_LENS_RUNTIME=wasm: the same labels and probabilities as the native runtime', () => {
  const wasm = classify(path.join(ROOT, 'dist', 'cli.js'), { EMOTION_LENS_RUNTIME: 'wasm' });
  assertSame(wasm.results, native.results);
  assert.equal(wasm.stderr, '', 'a forced runtime is not a fallback: no note');
});

test('a native library that cannot load: one note, then WASM with the same results', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-fallback-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(tmp, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  fs.mkdirSync(path.join(tmp, 'model'));
  fs.symlinkSync(path.join(ROOT, 'model', 'emotion-distilbert'), path.join(tmp, 'model', 'emotion-distilbert'));
  const ort = path.join(tmp, 'node_modules', 'onnxruntime-node');
  fs.mkdirSync(ort, { recursive: true });
  for (const f of ['package.json', 'dist']) fs.cpSync(path.join(ROOT, 'node_modules', 'onnxruntime-node', f), path.join(ort, f), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules', 'onnxruntime-common'), path.join(tmp, 'node_modules', 'onnxruntime-common'));
  const fallback = classify(path.join(tmp, 'dist', 'cli.js'));
  assertSame(fallback.results, native.results);
  const lines = fallback.stderr.trim().split('\n');
  assert.equal(lines.length, 1, fallback.stderr);
  assert.match(lines[0], /^emotion-lens: native onnxruntime unavailable \(.*onnxruntime_binding\.node.*\); using WebAssembly/);
});

test('without the WASM binary either, the error says what is missing', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-nowasm-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(tmp, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') && !f.endsWith('.wasm') });
  fs.mkdirSync(path.join(tmp, 'model'));
  fs.symlinkSync(path.join(ROOT, 'model', 'emotion-distilbert'), path.join(tmp, 'model', 'emotion-distilbert'));
  const r = spawnSync(process.execPath, [path.join(tmp, 'dist', 'cli.js'), 'classify'], { input: 'hello\n', encoding: 'utf8', env: { ...process.env, EMOTION_LENS_RUNTIME: 'wasm' } });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /ort-wasm-simd\.wasm is not beside/);
});

