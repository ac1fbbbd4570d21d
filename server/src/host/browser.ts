/**
 * The browser host of the language server (vscode.dev, github.dev, code-server's
 * web worker extension host): a web worker started by client/src/browser.ts,
 * LSP over postMessage, and the model on onnxruntime-web's WASM backend in this
 * same worker (a nested worker would only add a copy of the 17 MB of assets;
 * analysis runs in batches of 32, so a hover waits at most one batch).
 * esbuild.mjs swaps ./node.ts for this module in the browser bundle.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import {
  WEB_ASSETS_MESSAGE, WEB_GRAMMAR_PORT_MESSAGE, WEB_GRAMMAR_REQUEST, WEB_GRAMMAR_RESPONSE, WebAssetsMessage, WebGrammarPortMessage, WebGrammarRequest,
  WebGrammarResponse,
} from '../../../common/webAssets';
import { setAssetReader } from '../analysis/extract';
import { loadBrowserClassifier } from '../classifier/browserLoad';
import { EmotionClassifier, LoadOptions, ModelError } from '../classifier/classifier';
import type { Classification } from '../classifier/flagRule';
import type { LoadInfo, ModelRunner, ServerHost } from './types';

declare const self: DedicatedWorkerGlobalScope;

/**
 * The client posts the model and WASM bytes once; this listener is registered
 * before the LSP reader, and keeps that one message from it.
 */
const assets = new Promise<{ model: Record<string, ArrayBuffer>; wasm: ArrayBuffer }>((resolve, reject) => {
  const listener = (event: MessageEvent) => {
    const data = event.data as WebAssetsMessage | undefined;
    if (!data || typeof data !== 'object' || data.type !== WEB_ASSETS_MESSAGE) return;
    event.stopImmediatePropagation();
    self.removeEventListener('message', listener);
    if ('error' in data) reject(new ModelError(data.error));
    else resolve(data);
  };
  self.addEventListener('message', listener);
});
assets.catch(() => {});

/**
 * Tree-sitter files come from the client, asked for one at a time when the extractor
 * first needs them (a worker from a blob: URL cannot read beside its script), over the
 * port the client posts before anything else; like the assets, that message is kept from
 * the LSP reader.
 */
const grammarPort = new Promise<MessagePort>((resolve) => {
  const listener = (event: MessageEvent) => {
    const data = event.data as WebGrammarPortMessage<MessagePort> | undefined;
    if (!data || typeof data !== 'object' || data.type !== WEB_GRAMMAR_PORT_MESSAGE) return;
    event.stopImmediatePropagation();
    self.removeEventListener('message', listener);
    resolve(data.port);
  };
  self.addEventListener('message', listener);
});
const grammarWaits = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (e: Error) => void }>();
let nextGrammarRequest = 0;
void grammarPort.then((port) => {
  port.onmessage = (event: MessageEvent) => {
    const data = event.data as WebGrammarResponse;
    if (data?.type !== WEB_GRAMMAR_RESPONSE) return;
    const wait = grammarWaits.get(data.id);
    grammarWaits.delete(data.id);
    if ('bytes' in data) wait?.resolve(new Uint8Array(data.bytes));
    // ENOENT: the extractor then names the language whose grammar the package leaves out
    else wait?.reject(Object.assign(new Error(data.error), data.missing ? { code: 'ENOENT' } : {}));
  };
});
setAssetReader(async (name) => {
  const port = await grammarPort;
  return new Promise((resolve, reject) => {
    const id = nextGrammarRequest++;
    grammarWaits.set(id, { resolve, reject });
    port.postMessage({ type: WEB_GRAMMAR_REQUEST, id, name } satisfies WebGrammarRequest);
  });
});

/**
 * The browser runs the bundled model only, so it starts loading as soon as its bytes
 * arrive, while the LSP handshake and the settings round trip are still going on.
 */
let bundled: Promise<EmotionClassifier> | undefined;
/** When the bundled model started loading (reported as the load time, not the wait of a later request). */
let loadStarted = 0;
function loadBundled(): Promise<EmotionClassifier> {
  bundled ??= assets.then((a) => {
    loadStarted = performance.now();
    return loadBrowserClassifier(a.model, a.wasm);
  });
  // a failed load is tried again on the next request (a restart or a settings change)
  bundled.catch(() => (bundled = undefined));
  return bundled;
}
void assets.then(loadBundled, () => {});

interface Job {
  texts: string[];
  urgent: boolean;
  resolve: (r: Classification[]) => void;
  reject: (e: Error) => void;
}

/** The model in this worker; one classification at a time (onnxruntime-web runs one session call at a time), urgent ones first. */
class InWorkerModelRunner implements ModelRunner {
  ready: Promise<LoadInfo> = Promise.reject(new Error('no model requested yet'));
  restarts = 0;
  private classifier?: Promise<EmotionClassifier>;
  private queue: Job[] = [];
  private busy = false;

  constructor() {
    this.ready.catch(() => {});
  }

  load(options: LoadOptions): Promise<LoadInfo> {
    this.ready = (async () => {
      if (options.model) throw new ModelError(`emotionLens.model "${options.model}" cannot be used in the browser, which runs the bundled model only; clear the setting`);
      this.classifier = loadBundled();
      const c = await this.classifier;
      return { source: c.source, defaultThreshold: c.defaultThreshold, loadMs: performance.now() - loadStarted, runtime: c.runtime };
    })();
    this.ready.catch(() => {});
    return this.ready;
  }

  async classify(texts: string[], urgent = false): Promise<Classification[]> {
    await this.ready;
    return new Promise((resolve, reject) => {
      const job = { texts, urgent, resolve, reject };
      const at = urgent ? this.queue.findIndex((j) => !j.urgent) : -1;
      this.queue.splice(at < 0 ? this.queue.length : at, 0, job);
      void this.pump();
    });
  }

  async crashWorker(): Promise<void> {}

  dispose(): void {
    for (const job of this.queue.splice(0)) job.reject(new Error('the language server is stopping'));
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        try {
          const classifier = await this.classifier;
          if (!classifier) throw new Error('no model is loaded');
          job.resolve(await classifier.classify(job.texts));
        } catch (e) {
          job.reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
    } finally {
      this.busy = false;
    }
  }
}

export const host: ServerHost = {
  createConnection: () => createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self)),
  createModelRunner: () => new InWorkerModelRunner(),
  modelCacheDir: () => undefined,
  testHooks: false,
};
