// `npm run package`: one .vsix per platform whose native library onnxruntime-node
// ships, each with that library only, plus one universal .vsix (no target, no native
// library: WASM in Node and in the browser), all into packages/. Fails when a package
// is over its size limit. Usage: node scripts/package.mjs [--out DIR] [--only TARGET] [--skip-build]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLanguageTable } from './languageTable.mjs';

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
// Platform packages run the model natively; the WASM binary (2.7 MiB packed) would put
// darwin-x64 over its limit. They are for desktop VS Code (VS Code for the Web installs
// the universal package), so the web worker's server script (0.8 MiB packed) stays out
// too; the declared browser entry stays (vsce refuses a package without it) and, should it
// ever start there, says that the universal package is the one for the browser.
const UNIVERSAL_ONLY = ['!dist/ort-wasm-simd.wasm', '!dist/server.browser.js'];

const { name, version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const fileName = (target) => `${name}-${target}-${version}.vsix`;

/** The runtime and every grammar of the language table. */
export async function packagedGrammarFiles() {
  const { GRAMMARS } = await loadLanguageTable();
  return ['tree-sitter.wasm', ...GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)];
}

function ignoreFile(target, grammarFiles) {
  const base = [...fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n'), ...grammarFiles.map((f) => `!dist/grammars/${f}`)];
  if (target === 'universal') return base;
  return [
    ...base.filter((l) => !UNIVERSAL_ONLY.includes(l.trim())),
    // what `require('onnxruntime-node')` loads: not the source maps, typings and browser builds
    '!node_modules/onnxruntime-node/package.json',
    '!node_modules/onnxruntime-node/dist/*.js',
    `!node_modules/onnxruntime-node/bin/napi-v3/${PLATFORMS[target]}/**`,
    '!node_modules/onnxruntime-common/package.json',
    '!node_modules/onnxruntime-common/dist/ort-common.node.js',
  ];
}

/** The bundles the packages carry, by content: a build that runs meanwhile (a test's pretest) replaces them. */
const BUNDLES = ['client.js', 'server.js', 'worker.js', 'client.browser.js', 'server.browser.js'];
const bundleHashes = () => BUNDLES.map((f) => createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'dist', f))).digest('hex')).join(' ');

async function main() {
  if (!args.includes('--skip-build')) execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  const built = bundleHashes();
  for (const dir of Object.values(PLATFORMS)) {
    if (!fs.existsSync(path.join(ROOT, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v3', dir))) throw new Error(`onnxruntime-node has no ${dir} library (npm ci?)`);
  }
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-package-'));
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const rows = [];
  const grammarFiles = await packagedGrammarFiles();
  try {
    const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
    for (const target of [...Object.keys(PLATFORMS), 'universal'].filter((t) => !only || t === only)) {
      const ignore = path.join(tmp, `${target}.vscodeignore`);
      fs.writeFileSync(ignore, ignoreFile(target, grammarFiles).join('\n'));
      const out = path.join(OUT, fileName(target));
      const targetArgs = target === 'universal' ? [] : ['--target', target];
      execFileSync(process.execPath, [vsce, 'package', '--no-rewrite-relative-links', '--ignoreFile', ignore, ...targetArgs, '--out', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      const size = fs.statSync(out).size;
      const limit = target === 'universal' ? LIMITS.universal : LIMITS.platform;
      rows.push({ target, out, size, limit });
      console.log(`${path.relative(ROOT, out)}  ${(size / MiB).toFixed(1)} MiB (limit ${limit / MiB} MiB)`);
    }
    // vsce reads dist/ as it goes: packages written while another build replaced it would mix two builds
    if (bundleHashes() !== built) throw new Error('dist/ changed while packaging (another build ran meanwhile, e.g. a test\'s pretest): run it again');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const over = rows.filter((r) => r.size > r.limit);
  if (over.length) throw new Error(`over the size limit: ${over.map((r) => r.target).join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`package: ${e.message}`);
    process.exitCode = 1;
  });
}
