/** onnxruntime-web settings shared by the Node fallback and the browser. */
export const WASM_FILE = 'ort-wasm-simd.wasm';

interface WasmEnv {
  wasm: { numThreads?: number; simd?: boolean; proxy?: boolean; wasmPaths?: string | Record<string, string> };
}

/**
 * One thread: onnxruntime-web 1.14's threads fail in Node 18+ (ERR_WORKER_PATH on a
 * blob: path, then hang) and need cross-origin isolation in browsers; they gave no
 * speed-up here anyway. SIMD only: the one binary shipped.
 */
export function configureWasm(env: WasmEnv, wasmPaths: string | Record<string, string>): void {
  env.wasm.numThreads = 1;
  env.wasm.simd = true;
  env.wasm.proxy = false;
  env.wasm.wasmPaths = wasmPaths;
}
