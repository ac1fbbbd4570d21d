/**
 * Loads the bundled model in a browser web worker: transformers.js reads the
 * model files from bytes the client sent (a custom cache that answers every
 * file request, so nothing is fetched), and onnxruntime-web runs it on its WASM
 * backend, one thread (no cross-origin isolation in code-server or vscode.dev).
 */
import { env, pipeline } from '@xenova/transformers';
import { EmotionClassifier, ModelConfig, Pipe } from './classifier';
import { configureWasm, WASM_FILE } from './wasmConfig';

/**
 * A URL scheme that never reaches the network: onnxruntime-web asks for its binary
 * there, and transformers.js looks there for model files MemoryCache lacks.
 */
const ASSET_SCHEME = 'emotion-lens-asset:';
const WASM_URL = `${ASSET_SCHEME}/${WASM_FILE}`;

let wasmBytes: ArrayBuffer | undefined;
let fetchWrapped = false;

/**
 * onnxruntime-web 1.14 takes only a URL for its binary, and code-server's content
 * security policy blocks `blob:` fetches: answer that one URL from memory.
 */
function serveWasmFromMemory(): void {
  if (fetchWrapped) return;
  fetchWrapped = true;
  const original = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === WASM_URL) {
      if (!wasmBytes) return Promise.reject(new Error(`${WASM_FILE} was not sent to the language server`));
      return Promise.resolve(new Response(wasmBytes.slice(0), { status: 200, headers: { 'Content-Type': 'application/wasm' } }));
    }
    if (url.startsWith(ASSET_SCHEME)) return Promise.resolve(new Response(null, { status: 404 }));
    return original(input, init);
  };
}

/** A Web Cache API look-alike over the model's files (transformers.js asks it before any fetch). */
class MemoryCache {
  constructor(private readonly files: Record<string, ArrayBuffer>) {}
  async match(request: string): Promise<Response | undefined> {
    const hit = Object.keys(this.files).find((name) => request === name || request.endsWith(`/${name}`));
    return hit ? new Response(this.files[hit].slice(0), { status: 200 }) : undefined;
  }
  async put(): Promise<void> {}
}

export async function loadBrowserClassifier(model: Record<string, ArrayBuffer>, wasm: ArrayBuffer): Promise<EmotionClassifier> {
  wasmBytes = wasm;
  serveWasmFromMemory();
  // no network: no Hub, no browser cache; every file comes from MemoryCache, and the
  // "local" folder transformers.js requires to be allowed is on the asset scheme (404s)
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${ASSET_SCHEME}/models/`;
  env.useBrowserCache = false;
  env.useFSCache = false;
  env.useCustomCache = true;
  env.customCache = new MemoryCache(model);
  // transformers.js v2 defaults wasmPaths to a CDN: always set it
  configureWasm(env.backends.onnx, { [WASM_FILE]: WASM_URL });
  const config = JSON.parse(new TextDecoder().decode(model['config.json'])) as ModelConfig;
  const quantized = !model['onnx/model.onnx'];
  const pipe = await pipeline('text-classification', 'emotion-distilbert', { quantized });
  const classifier = EmotionClassifier.fromPipeline(pipe as unknown as Pipe, config, 'bundled model');
  classifier.runtime = 'wasm';
  return classifier;
}
