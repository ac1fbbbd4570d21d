// Bundles the client, the server, the model worker and the CLI into dist/.
// `node esbuild.mjs --production` minifies (what the .vsix ships); the default keeps
// source maps for development.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const shim = fileURLToPath(new URL('./server/src/classifier/importMetaShim.js', import.meta.url));

/** transformers.js imports image and browser back ends we never use: stub them. */
const stubUnused = {
  name: 'stub-unused',
  setup(build) {
    build.onResolve({ filter: /^(sharp|onnxruntime-web)$/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // the native runtime stays a real package: its .node binary is found relative to its JS
  external: ['vscode', 'onnxruntime-node'],
  plugins: [stubUnused],
  // transformers.js is ESM and reads import.meta.url; CommonJS bundles get it from __filename
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [shim],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist' }),
  esbuild.build({ ...common, entryPoints: { server: 'server/src/server.ts', worker: 'server/src/classifier/worker.ts', cli: 'server/src/cli/main.ts', core: 'server/src/core.ts' }, outdir: 'dist' }),
]);
