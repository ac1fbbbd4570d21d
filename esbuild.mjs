// Bundles Emotion Lens into dist/ from one set of sources, for two hosts:
//   Node:    client.js (vscode-languageclient/node), server.js, worker.js (the model
//            thread), cli.js, core.js (library for tests and benchmarks);
//   browser: client.browser.js (vscode-languageclient/browser) and server.browser.js
//            (the language server as a self-contained web worker script);
// and copies onnxruntime-web's SIMD WASM binary beside them (the universal package
// and the browser run the model on it; Node bundles fall back to it when the native
// library cannot load). `node esbuild.mjs --production` minifies (what packages ship).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLanguageTable } from './scripts/languageTable.mjs';

const production = process.argv.includes('--production');
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const shim = here('./server/src/classifier/importMetaShim.js');
const WASM = 'ort-wasm-simd.wasm';

const stub = (filter) => ({
  name: `stub ${filter}`,
  setup(build) {
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
});

/**
 * transformers.js imports onnxruntime-node statically; in Node bundles that import
 * goes to ortRuntime.ts, which loads the native library when it can and WASM otherwise
 * (its own `require('onnxruntime-node')` stays external: the .node binary is found
 * relative to the package's JS).
 */
const nodeRuntime = {
  name: 'onnxruntime-choice',
  setup(build) {
    build.onResolve({ filter: /^onnxruntime-node$/ }, (args) => (
      args.importer.includes(`${path.sep}@xenova${path.sep}transformers${path.sep}`)
        ? { path: here('./server/src/classifier/ortRuntime.ts') }
        : { path: args.path, external: true }
    ));
  },
};

/** The browser server gets the browser host in place of the Node one (server.ts imports ./host/node). */
const browserHost = {
  name: 'browser-host',
  setup(build) {
    build.onResolve({ filter: /\/host\/node$/ }, () => ({ path: here('./server/src/host/browser.ts') }));
  },
};

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Asciidoctor.js (1 MB of Opal runtime) is its own file in Node, dist/asciidoctor.js, required
 * from beside the bundle the first time an AsciiDoc document is read: inside server.js its
 * source alone kept about 5 MB more in every server process (RSS of a started server).
 */
const asciidoctorBeside = {
  name: 'asciidoctor-beside',
  setup(build) {
    build.onResolve({ filter: /^@asciidoctor\/core$/ }, () => ({ path: './asciidoctor.js', external: true }));
  },
};

const nodeCommon = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // transformers.js is ESM and reads import.meta.url; CommonJS bundles get it from __filename
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [shim],
};

const browserCommon = {
  ...common,
  platform: 'browser',
  target: ['es2022', 'chrome114'],
  // Node built-ins that shared modules import but never call in a browser; image back ends we never use
  // module and fs/promises: web-tree-sitter's Node-only branches (language support, issue 11)
  plugins: [stub(/^(sharp|onnxruntime-node|fs|fs\/promises|module|path|url|os|child_process|worker_threads|crypto)$/)],
  define: { 'import.meta.url': 'undefined' },
};

fs.mkdirSync('dist', { recursive: true });
await Promise.all([
  esbuild.build({ ...nodeCommon, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist' }),
  esbuild.build({
    ...nodeCommon,
    plugins: [stub(/^sharp$/), nodeRuntime, asciidoctorBeside],
    entryPoints: { server: 'server/src/server.ts', worker: 'server/src/classifier/worker.ts', cli: 'server/src/cli/main.ts', core: 'server/src/core.ts' },
    outdir: 'dist',
  }),
  esbuild.build({ ...nodeCommon, entryPoints: ['@asciidoctor/core'], outfile: 'dist/asciidoctor.js' }),
  esbuild.build({ ...browserCommon, format: 'cjs', external: ['vscode'], entryPoints: { 'client.browser': 'client/src/browser.ts' }, outdir: 'dist' }),
  // the server is a web worker: no `document` (packages' "worker" exports, where they have one, come before "browser")
  esbuild.build({ ...browserCommon, format: 'iife', conditions: ['worker'], plugins: [...browserCommon.plugins, browserHost], entryPoints: { 'server.browser': 'server/src/server.ts' }, outdir: 'dist' }),
]);
fs.copyFileSync(path.join('node_modules', 'onnxruntime-web', 'dist', WASM), path.join('dist', WASM));

// --- Tree-sitter grammars (language support, issue 11) ---
// The web-tree-sitter runtime and every grammar that the language table
// (common/languages.ts) names go to dist/grammars, where the extractor reads them
// in Node (the CLI and the development folder have them all); the browser client
// reads them there for its worker. The .vsix carries them all (scripts/package.mjs).
{
  const { GRAMMARS } = await loadLanguageTable();
  const out = path.join('dist', 'grammars');
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join('node_modules', 'web-tree-sitter', 'tree-sitter.wasm'), path.join(out, 'tree-sitter.wasm'));
  // tree-sitter-wasms has the code languages; a grammar it lacks ships its own WASM in its npm package
  const source = (g) => (g === 'rst' ? path.join('node_modules', 'tree-sitter-rst', 'tree-sitter-rst.wasm') : path.join('node_modules', 'tree-sitter-wasms', 'out', `tree-sitter-${g}.wasm`));
  for (const g of GRAMMARS) fs.copyFileSync(source(g), path.join(out, `tree-sitter-${g}.wasm`));
}
