/**
 * The onnxruntime that transformers.js uses in Node (esbuild points its
 * `onnxruntime-node` import here). The native library is fast, but a package
 * may not carry it (the universal .vsix) or it may not load (Alpine's musl,
 * armhf, an old glibc): then onnxruntime-web's WASM backend runs the same model
 * from `ort-wasm-simd.wasm` beside the bundle. `EMOTION_LENS_RUNTIME=wasm`
 * forces WASM (tests, comparisons).
 */
import * as path from 'path';
import * as web from 'onnxruntime-web';
import { configureWasm } from './wasmConfig';

export type RuntimeName = 'native' | 'wasm';

export interface RuntimeInfo {
  name: RuntimeName;
  /** Why the native library was not used (first line of its error), when it was wanted. */
  fallbackReason?: string;
}

export { configureWasm, WASM_FILE } from './wasmConfig';

function choose(): { ort: unknown; info: RuntimeInfo } {
  if (process.env.EMOTION_LENS_RUNTIME === 'wasm') return { ort: wasm(), info: { name: 'wasm' } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ort: require('onnxruntime-node'), info: { name: 'native' } };
  } catch (e) {
    const reason = String((e as Error).message ?? e).split('\n')[0];
    return { ort: wasm(), info: { name: 'wasm', fallbackReason: reason } };
  }
}

function wasm(): unknown {
  // a folder path in Node (the trailing separator matters: onnxruntime-web appends the file name)
  configureWasm(web.env, __dirname + path.sep);
  return web;
}

const chosen = choose();
export const runtime: RuntimeInfo = chosen.info;
export default chosen.ort;

/**
 * onnxruntime-node gives each session as many intra-op threads as there are cores, and
 * they spin while they wait: two processes with two threads each on two cores ran slower
 * than one process. transformers.js passes no session options, so the session factory of
 * the runtime it uses gets the thread count here (`check --jobs`, `npm run bench:cores`).
 * The WASM runtime runs one thread already.
 */
export function limitModelThreads(threads: number): void {
  if (runtime.name !== 'native') return;
  const ort = chosen.ort as { InferenceSession: { create: (...args: unknown[]) => Promise<unknown> } };
  const create = ort.InferenceSession.create.bind(ort.InferenceSession);
  ort.InferenceSession.create = (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (args.length === 2 && last && typeof last === 'object' && !ArrayBuffer.isView(last)) {
      args[1] = { intraOpNumThreads: threads, interOpNumThreads: 1, ...(last as object) };
    }
    return create(...args);
  };
}
