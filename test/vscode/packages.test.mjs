// `npm run package` builds a .vsix per platform and a universal one; each platform
// package carries its own native onnxruntime library and no other (checked by the
// binary's own header: ELF, Mach-O or PE, and its CPU), each package is within its
// size limit, and the universal one carries the WASM binary and the browser entry.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { fileName, LIMITS, PLATFORMS } from '../../scripts/package.mjs';
import { readZip } from './zip.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'el-packages-'));
const NATIVE = /^extension\/node_modules\/onnxruntime-node\/bin\//;

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
    assert.match(zip.get('extension.vsixmanifest').read().toString(), new RegExp(`TargetPlatform="${target}"`));
    for (const f of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/worker.js', 'extension/model/emotion-distilbert/onnx/model.onnx']) assert.ok(zip.has(f), f);
  });
}

test(`universal: no native library, the WASM binary and the browser entry, within ${LIMITS.universal / 1048576} MiB`, () => {
  const file = path.join(out, fileName('universal'));
  assert.ok(fs.statSync(file).size <= LIMITS.universal, `${fs.statSync(file).size} bytes`);
  const zip = readZip(file);
  assert.deepEqual([...zip.keys()].filter((n) => /onnxruntime-node|\.(node|so|dylib|dll)$/.test(n)), []);
  for (const f of ['client.js', 'server.js', 'worker.js', 'client.browser.js', 'server.browser.js', 'ort-wasm-simd.wasm']) assert.ok(zip.has(`extension/dist/${f}`), f);
  assert.ok(zip.has('extension/model/emotion-distilbert/onnx/model.onnx'));
  assert.doesNotMatch(zip.get('extension.vsixmanifest').read().toString(), /TargetPlatform=/);
  const manifest = JSON.parse(zip.get('extension/package.json').read());
  assert.equal(manifest.browser, './dist/client.browser.js');
  // no CDN anywhere in what the browser runs: transformers.js's default wasmPaths is overridden, not shipped as a fallback URL we use
  assert.doesNotMatch(zip.get('extension/dist/client.browser.js').read().toString(), /cdn\.jsdelivr\.net/);
});
