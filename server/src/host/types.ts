/** What server.ts needs from its host (Node process or browser web worker), and what both hosts share. */
import type { Connection } from 'vscode-languageserver';
import type { LoadOptions } from '../classifier/classifier';
import type { Classification } from '../classifier/flagRule';

/** A classification was lost because the model's worker stopped (it is restarted and documents revalidated). */
export class WorkerDiedError extends Error {}

export interface LoadInfo {
  source: string;
  defaultThreshold: number;
  loadMs: number;
  /** 'native' or 'wasm' */
  runtime: string;
}

/** Runs the model off the LSP message loop where the host allows it, one request at a time, urgent ones first. */
export interface ModelRunner {
  /** Resolves when the current model is loaded; rejects with the load error. */
  ready: Promise<LoadInfo>;
  restarts: number;
  load(options: LoadOptions): Promise<LoadInfo>;
  classify(texts: string[], urgent?: boolean): Promise<Classification[]>;
  /** For tests of recovery: ends the model's worker as a crash would (no-op where there is none). */
  crashWorker(): Promise<void>;
  dispose(): void;
}

export interface ServerHost {
  createConnection(): Connection;
  createModelRunner(onRestart: (reason: string) => void): ModelRunner;
  /** Where models downloaded from the Hub are cached; undefined where there is no disk. */
  modelCacheDir(): string | undefined;
  /** Test-only requests (EMOTION_LENS_TEST=1 in Node). */
  testHooks: boolean;
}
