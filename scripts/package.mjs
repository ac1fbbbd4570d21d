// `npm run package`: one .vsix per platform whose native library onnxruntime-node
// ships, each with that library only, plus one universal .vsix (no target, no native
// library: WASM in Node and in the browser), all into packages/. Fails when a package
// is over its size limit. Usage: node scripts/package.mjs [--out DIR] [--only TARGET] [--skip-build]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const OUT = path.resolve(ROOT, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'packages');
const MiB = 1024 * 1024;

/** VS Code target -> onnxruntime-node's folder under bin/napi-v3. */
export const PLATFORMS = {
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
  'darwin-x64': 'darwin/x64',
  'darwin-arm64': 'darwin/arm64',
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
};
export const LIMITS = { platform: 15 * MiB, universal: 12 * MiB };
// platform packages run the model natively; the WASM binary (2.7 MiB packed) would put
// darwin-x64 over its limit. Their browser entry stays (vsce requires the declared entry points).
const UNIVERSAL_ONLY = ['!dist/ort-wasm-simd.wasm'];

const { name, version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const fileName = (target) => `${name}-${target}-${version}.vsix`;

function ignoreFile(target) {
  const base = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  if (target === 'universal') return base;
  return [
    ...base.filter((l) => !UNIVERSAL_ONLY.includes(l.trim())),
    '!node_modules/onnxruntime-node/package.json',
    '!node_modules/onnxruntime-node/dist/**',
    `!node_modules/onnxruntime-node/bin/napi-v3/${PLATFORMS[target]}/**`,
    '!node_modules/onnxruntime-common/package.json',
    '!node_modules/onnxruntime-common/dist/**',
  ];
}

function main() {
  if (!args.includes('--skip-build')) execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  for (const dir of Object.values(PLATFORMS)) {
    if (!fs.existsSync(path.join(ROOT, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v3', dir))) throw new Error(`onnxruntime-node has no ${dir} library (npm ci?)`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-package-'));
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const rows = [];
  try {
    const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
    for (const target of [...Object.keys(PLATFORMS), 'universal'].filter((t) => !only || t === only)) {
      const ignore = path.join(tmp, `${target}.vscodeignore`);
      fs.writeFileSync(ignore, ignoreFile(target).join('\n'));
      const out = path.join(OUT, fileName(target));
      const targetArgs = target === 'universal' ? [] : ['--target', target];
      execFileSync(process.execPath, [vsce, 'package', '--no-rewrite-relative-links', '--ignoreFile', ignore, ...targetArgs, '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      const size = fs.statSync(out).size;
      const limit = target === 'universal' ? LIMITS.universal : LIMITS.platform;
      rows.push({ target, out, size, limit });
      console.log(`${path.relative(ROOT, out)}  ${(size / MiB).toFixed(1)} MiB (limit ${limit / MiB} MiB)`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const over = rows.filter((r) => r.size > r.limit);
  if (over.length) throw new Error(`over the size limit: ${over.map((r) => r.target).join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exitCode = 1;
  }
}
