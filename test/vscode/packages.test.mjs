// `npm run package` builds a .vsix per platform and a universal one; each platform
// package carries its own native onnxruntime library and no other (checked by the
// binary's own header: ELF, Mach-O or PE, and its CPU), each package is within its
// size limit, and the universal one carries the WASM binary and the browser entry. Every
// package carries the tree-sitter grammars that the language table says it does
// (every one of the language table), and nothing that is never loaded (source maps, typings, other builds).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { fileName, LIMITS, PLATFORMS } from '../../scripts/package.mjs';
import { loadLanguageTable } from '../../scripts/languageTable.mjs';
import { readZip } from './zip.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'el-packages-'));
const NATIVE = /^extension\/node_modules\/onnxruntime-node\/bin\//;
const table = await loadLanguageTable();

/** The grammars in a package: the runtime and every grammar of the language table, each a real WASM module. */
function checkGrammars(zip) {
  const shipped = [...zip.keys()].filter((n) => n.startsWith('extension/dist/grammars/')).map((n) => n.slice('extension/dist/grammars/'.length)).sort();
  assert.deepEqual(shipped, ['tree-sitter.wasm', ...table.GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)].sort());
  for (const f of shipped) assert.equal(zip.get(`extension/dist/grammars/${f}`).read().toString('latin1', 0, 4), '\0asm', f);
  assert.deepEqual([...zip.keys()].filter((n) => /\.(map|d\.ts)$/.test(n)), [], 'no source maps or typings');
}

before(() => {
  try {
    execFileSync(process.execPath, ['scripts/package.mjs', '--out', out], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  } finally {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' }); // back to the development build
  }
}, { timeout: 300000 });
after(() => fs.rmSync(out, { recursive: true, force: true }));

/** The OS and CPU a native binary is built for, read from its header. */
function binaryTarget(bytes) {
  if (bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes.readUInt16LE(18);
    return `linux-${{ 62: 'x64', 183: 'arm64' }[machine] ?? `machine ${machine}`}`;
  }
  if (bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = bytes.readUInt32LE(4);
    return `darwin-${{ 0x01000007: 'x64', 0x0100000c: 'arm64' }[cpu] ?? `cpu ${cpu}`}`;
  }
  if (bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    const machine = bytes.readUInt16LE(pe + 4);
    return `win32-${{ 0x8664: 'x64', 0xaa64: 'arm64' }[machine] ?? `machine ${machine}`}`;
  }
  return 'unknown';
}

for (const [target, dir] of Object.entries(PLATFORMS)) {
  test(`${target}: its own native library only, within ${LIMITS.platform / 1048576} MiB`, () => {
    const file = path.join(out, fileName(target));
    assert.ok(fs.statSync(file).size <= LIMITS.platform, `${fs.statSync(file).size} bytes`);
    const zip = readZip(file);
    const native = [...zip.keys()].filter((n) => NATIVE.test(n));
    const prefix = `extension/node_modules/onnxruntime-node/bin/napi-v3/${dir}/`;
    assert.ok(native.length >= 2, native.join(', '));
    assert.deepEqual(native.filter((n) => !n.startsWith(prefix)), [], 'no other platform\'s library');
    for (const n of native) {
      if (/\.(node|so[.\d]*|dylib|dll)$/.test(n)) assert.equal(binaryTarget(zip.get(n).read()), target, n);
    }
    assert.ok(zip.has(`${prefix}onnxruntime_binding.node`));
    // what require('onnxruntime-node') loads, and no other build of it
    assert.deepEqual([...zip.keys()].filter((n) => /^extension\/node_modules\/onnxruntime-(node|common)\//.test(n) && !NATIVE.test(n)).sort(), [
      'extension/node_modules/onnxruntime-common/dist/ort-common.node.js', 'extension/node_modules/onnxruntime-common/package.json',
      'extension/node_modules/onnxruntime-node/dist/backend.js', 'extension/node_modules/onnxruntime-node/dist/binding.js',
      'extension/node_modules/onnxruntime-node/dist/index.js', 'extension/node_modules/onnxruntime-node/package.json',
    ]);
    // desktop only: the browser entry vsce requires, not the web worker's server nor the WASM binary
    assert.ok(zip.has('extension/dist/client.browser.js'));
    assert.ok(!zip.has('extension/dist/server.browser.js') && !zip.has('extension/dist/ort-wasm-simd.wasm'));
    checkGrammars(zip);
    assert.match(zip.get('extension.vsixmanifest').read().toString(), new RegExp(`TargetPlatform="${target}"`));
    for (const f of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/worker.js', 'extension/model/emotion-distilbert/onnx/model.onnx']) assert.ok(zip.has(f), f);
  });
}

test('this machine\'s platform package: its trimmed onnxruntime-node loads and runs the bundled model', { skip: !PLATFORMS[`${process.platform}-${process.arch}`] }, async () => {
  const zip = readZip(path.join(out, fileName(`${process.platform}-${process.arch}`)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'el-unpacked-'));
  try {
    for (const [name, entry] of zip) {
      if (!/^extension\/(node_modules|model)\//.test(name)) continue;
      const file = path.join(dir, name.slice('extension/'.length));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, entry.read());
    }
    const ort = createRequire(path.join(dir, 'x.js'))('onnxruntime-node');
    const session = await ort.InferenceSession.create(path.join(dir, 'model', 'emotion-distilbert', 'onnx', 'model.onnx'));
    assert.ok(session.inputNames.includes('input_ids'), session.inputNames.join(', '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(`universal: no native library, the WASM binary and the browser entry, within ${LIMITS.universal / 1048576} MiB`, () => {
  const file = path.join(out, fileName('universal'));
  assert.ok(fs.statSync(file).size <= LIMITS.universal, `${fs.statSync(file).size} bytes`);
  const zip = readZip(file);
  assert.deepEqual([...zip.keys()].filter((n) => /onnxruntime-node|\.(node|so|dylib|dll)$/.test(n)), []);
  for (const f of ['client.js', 'server.js', 'worker.js', 'client.browser.js', 'server.browser.js', 'ort-wasm-simd.wasm']) assert.ok(zip.has(`extension/dist/${f}`), f);
  assert.ok(zip.has('extension/model/emotion-distilbert/onnx/model.onnx'));
  checkGrammars(zip);
  assert.doesNotMatch(zip.get('extension.vsixmanifest').read().toString(), /TargetPlatform=/);
  const manifest = JSON.parse(zip.get('extension/package.json').read());
  assert.equal(manifest.browser, './dist/client.browser.js');
  // no CDN anywhere in what the browser runs: transformers.js's default wasmPaths is overridden, not shipped as a fallback URL we use
  assert.doesNotMatch(zip.get('extension/dist/client.browser.js').read().toString(), /cdn\.jsdelivr\.net/);
});
