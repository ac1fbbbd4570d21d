/**
 * Emotion Lens in a browser (vscode.dev, github.dev, code-server's web worker
 * extension host): the language server is dist/server.browser.js in a web worker,
 * and the model runs on onnxruntime-web's WASM backend there. Everything comes
 * from the extension's own files: the worker script, the model and the WASM
 * binary are read with VS Code's API and handed to the worker, and so are the
 * tree-sitter grammars, one by one when the worker first asks; no CDN, no network.
 */
import * as vscode from 'vscode';
import { BaseLanguageClient, BrowserMessageReader, BrowserMessageWriter, LanguageClientOptions, MessageTransports } from 'vscode-languageclient/browser';
import {
  WEB_ASSETS_MESSAGE, WEB_GRAMMAR_FILE, WEB_GRAMMAR_PORT_MESSAGE, WEB_GRAMMAR_REQUEST, WEB_GRAMMAR_RESPONSE, WEB_MODEL_FILES, WEB_ONNX_FILES,
  WEB_WASM_FILE, WebAssetsMessage, WebGrammarPortMessage, WebGrammarRequest, WebGrammarResponse,
} from '../../common/webAssets';
import { activateClient, EmotionLensApi } from './activate';

export type { EmotionLensApi } from './activate';

const MODEL_DIR = 'model/emotion-distilbert';

/**
 * Reads a file of the extension. fetch first: the web extension host resolves the
 * extension's URI (https:, or vscode-remote: in code-server) to a plain HTTP download,
 * where vscode.workspace.fs would pass the bytes through the workbench's RPC; the file
 * system API where fetch cannot read the URI.
 */
async function readExtensionFile(base: vscode.Uri, relative: string): Promise<Uint8Array> {
  const uri = vscode.Uri.joinPath(base, relative);
  let fetchError: string;
  try {
    const response = await fetch(uri.toString(true));
    if (response.ok) return new Uint8Array(await response.arrayBuffer());
    fetchError = `HTTP ${response.status}`;
  } catch (e) {
    fetchError = (e as Error).message ?? String(e);
  }
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    const error = new Error(`cannot read ${relative} of the extension (fetch: ${fetchError}; file system: ${(e as Error).message ?? e})`);
    // the package has no such file (a grammar it leaves out): the worker names the language and why
    throw e instanceof vscode.FileSystemError && e.code === 'FileNotFound' ? Object.assign(error, { code: 'ENOENT' }) : error;
  }
}

/** An ArrayBuffer holding exactly the file's bytes (readFile may return a view into a larger buffer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}

async function readAssets(base: vscode.Uri): Promise<WebAssetsMessage> {
  const read = (relative: string) => readExtensionFile(base, relative).then(ownBuffer);
  /** The first ONNX file that exists (the full model, else the quantized one). */
  const onnx = async (): Promise<[string, ArrayBuffer]> => {
    let first: unknown;
    for (const f of WEB_ONNX_FILES) {
      try {
        return [f, await read(`${MODEL_DIR}/${f}`)];
      } catch (e) {
        first ??= e;
      }
    }
    throw first;
  };
  // all at once: the 17 MB are the largest part of the time to the first diagnostics
  const [files, [onnxName, onnxBytes], wasm] = await Promise.all([
    Promise.all(WEB_MODEL_FILES.map((f) => read(`${MODEL_DIR}/${f}`))),
    onnx(),
    read(`dist/${WEB_WASM_FILE}`),
  ]);
  const model: Record<string, ArrayBuffer> = { [onnxName]: onnxBytes };
  WEB_MODEL_FILES.forEach((f, i) => (model[f] = files[i]));
  return { type: WEB_ASSETS_MESSAGE, model, wasm };
}

/** A language client whose server is a fresh web worker on every (re)start. */
class WorkerLanguageClient extends BaseLanguageClient {
  private worker?: Worker;
  private grammarPort?: MessagePort;
  private scriptUrl?: string;

  constructor(clientOptions: LanguageClientOptions, private readonly base: vscode.Uri, private readonly output: vscode.OutputChannel) {
    super('emotionLens', 'Emotion Lens', clientOptions);
  }

  protected async createMessageTransports(): Promise<MessageTransports> {
    this.endWorker();
    // the model's bytes are read while the worker starts (the server waits for them)
    const assets = readAssets(this.base);
    assets.catch(() => {}); // handled below, once the worker exists
    const script = await readExtensionFile(this.base, 'dist/server.browser.js').catch((e: Error & { code?: string }) => {
      // a desktop platform package leaves the web worker's server out (scripts/package.mjs)
      throw e.code === 'ENOENT' ? new Error(`${e.message}; this is a desktop platform package: install the universal Emotion Lens package to run it in the browser`) : e;
    });
    // remote extension hosts refuse `new Worker(<extension URI>)`: start it from the script's text
    const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
    // VS Code's wrapped Worker loads the URL from inside the new worker later: revoke it only when the worker ends
    const worker = new Worker(url, { name: 'Emotion Lens language server' });
    this.scriptUrl = url;
    worker.addEventListener('error', (e) => this.output.appendLine(`language server worker error: ${e.message ?? e}`));
    this.worker = worker;
    // grammar files on request, through a channel of their own (the worker keeps the port)
    const grammars = new MessageChannel();
    grammars.port1.onmessage = (event) => {
      const data = event.data as WebGrammarRequest | undefined;
      if (data?.type === WEB_GRAMMAR_REQUEST) void this.sendGrammar(worker, grammars.port1, data);
    };
    this.grammarPort = grammars.port1;
    worker.postMessage({ type: WEB_GRAMMAR_PORT_MESSAGE, port: grammars.port2 } satisfies WebGrammarPortMessage<MessagePort>, [grammars.port2]);
    // the LSP handshake starts at once; the model bytes follow when read
    assets.then(
      (message) => worker.postMessage(message, 'error' in message ? [] : [message.wasm, ...Object.values(message.model)]),
      (e: Error) => {
        this.output.appendLine(`could not read the model: ${e.message}`);
        worker.postMessage({ type: WEB_ASSETS_MESSAGE, error: e.message } satisfies WebAssetsMessage);
      },
    );
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  }

  /** Answers a worker's request for a file of dist/grammars with its bytes, or why it cannot. */
  private async sendGrammar(worker: Worker, port: MessagePort, { id, name }: WebGrammarRequest): Promise<void> {
    let reply: WebGrammarResponse;
    try {
      if (!WEB_GRAMMAR_FILE.test(name)) throw new Error(`${name} is not a grammar file`);
      reply = { type: WEB_GRAMMAR_RESPONSE, id, bytes: ownBuffer(await readExtensionFile(this.base, `dist/grammars/${name}`)) };
    } catch (e) {
      reply = { type: WEB_GRAMMAR_RESPONSE, id, error: (e as Error).message ?? String(e), missing: (e as { code?: string }).code === 'ENOENT' };
    }
    // a worker ended meanwhile (a restart) has no one waiting: nothing to send
    if (worker === this.worker) port.postMessage(reply, 'bytes' in reply ? [reply.bytes] : []);
  }

  async dispose(timeout?: number): Promise<void> {
    try {
      await super.dispose(timeout);
    } finally {
      this.endWorker();
    }
  }

  private endWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.grammarPort?.close();
    this.grammarPort = undefined;
    if (this.scriptUrl) URL.revokeObjectURL(this.scriptUrl);
    this.scriptUrl = undefined;
  }
}

let client: WorkerLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): EmotionLensApi {
  const started = activateClient(context, (clientOptions) => (client = new WorkerLanguageClient(clientOptions, context.extensionUri, clientOptions.outputChannel)));
  return started.api;
}

/** Stops the language server and ends its worker. */
export function deactivate(): Thenable<void> | undefined {
  const c = client;
  client = undefined;
  return c?.dispose();
}
