// Injected by esbuild into the CommonJS bundles: transformers.js reads import.meta.url.
export const importMetaUrl = require('url').pathToFileURL(__filename).href;
