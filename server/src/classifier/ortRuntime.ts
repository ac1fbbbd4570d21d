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
