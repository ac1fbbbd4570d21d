/**
 * The browser client's first message to its language-server worker: the model
 * and the WASM binary as bytes. The worker cannot read the extension's files
 * itself (code-server's remote URIs, no `fs`), and the extension never loads
 * them from a CDN, so the client reads them with VS Code's API and hands them over.
 */
export const WEB_ASSETS_MESSAGE = 'emotion-lens/assets';

/** The bundled model's files, relative to its folder; the first ONNX file found is used. */
export const WEB_MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
export const WEB_ONNX_FILES = ['onnx/model.onnx', 'onnx/model_quantized.onnx'] as const;
export const WEB_WASM_FILE = 'ort-wasm-simd.wasm';

export type WebAssetsMessage =
  | { type: typeof WEB_ASSETS_MESSAGE; model: Record<string, ArrayBuffer>; wasm: ArrayBuffer }
  | { type: typeof WEB_ASSETS_MESSAGE; error: string };
