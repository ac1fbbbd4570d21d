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

/**
 * The worker asks the client for a file of dist/grammars (the tree-sitter runtime or a
 * grammar) the first time a document needs it: started from a blob: URL, it cannot read
 * beside its script, and sending all of them up front would move 5 MB for nothing when
 * no code file is opened. Requests and answers go through a MessageChannel of their own,
 * whose port the client posts first (WEB_GRAMMAR_PORT_MESSAGE), so they never mix with
 * the LSP messages on the worker. `missing`: the package does not have the file (a
 * damaged install: every package carries them all).
 */
export const WEB_GRAMMAR_PORT_MESSAGE = 'emotion-lens/grammar-port';
export const WEB_GRAMMAR_REQUEST = 'emotion-lens/grammar-request';
export const WEB_GRAMMAR_RESPONSE = 'emotion-lens/grammar';

/** `Port`: a MessagePort (common/ sees no DOM types). */
export interface WebGrammarPortMessage<Port = unknown> {
  type: typeof WEB_GRAMMAR_PORT_MESSAGE;
  port: Port;
}
/** tree-sitter.wasm or tree-sitter-<grammar>.wasm: the only names a request may carry. */
export const WEB_GRAMMAR_FILE = /^tree-sitter(?:-[a-z_]+)?\.wasm$/;

export interface WebGrammarRequest {
  type: typeof WEB_GRAMMAR_REQUEST;
  id: number;
  name: string;
}

export type WebGrammarResponse =
  | { type: typeof WEB_GRAMMAR_RESPONSE; id: number; bytes: ArrayBuffer }
  | { type: typeof WEB_GRAMMAR_RESPONSE; id: number; error: string; missing: boolean };
