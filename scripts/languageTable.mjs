// The one table of supported languages (common/languages.ts) for the build scripts and
// the package test, which are plain Node modules: bundled in memory and imported.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function loadLanguageTable() {
  const table = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../common/languages.ts', import.meta.url))],
    bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'warning',
  });
  return import(`data:text/javascript,${encodeURIComponent(table.outputFiles[0].text)}`);
}
