/**
 * The main thread's side of the model worker: one long-lived worker thread that
 * serves requests in order, urgent ones (hovers) between two small batches of a
 * long analysis (worker.ts). If the worker dies, pending requests fail with
 * WorkerDiedError, a new worker is started and the last model is loaded again.
 * onnxruntime-node's binding cannot be loaded by a second thread of the same
 * process, so every replacement runs the same worker module in a child process.
 */
import { ChildProcess, fork } from 'child_process';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { LoadOptions } from './classifier/classifier';
import type { Classification } from './classifier/flagRule';
import type { FromWorker, ToWorker } from './classifier/workerProtocol';
import { LoadInfo, ModelRunner, WorkerDiedError } from './host/types';

export type { LoadInfo } from './host/types';

export { WorkerDiedError } from './host/types';

interface Job {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
}

export class ModelHost implements ModelRunner {
  private worker?: Worker | ChildProcess;
  private nextId = 1;
  /** Sent and not yet answered, by request id. */
  private readonly pending = new Map<number, Job>();
  private loadOptions?: LoadOptions;
  private disposed = false;
  /** Resolves when the current model is loaded; rejects with the load error. */
  ready: Promise<LoadInfo> = Promise.reject(new Error('no model requested yet'));
  restarts = 0;

  constructor(private readonly onWorkerRestart: (reason: string) => void = () => {}, private readonly workerFile = path.join(__dirname, 'worker.js')) {
    this.ready.catch(() => {});
  }

  load(options: LoadOptions): Promise<LoadInfo> {
    this.loadOptions = options;
    this.ready = this.send({ type: 'load', id: 0, options }, true).then((m) => {
      if (m.type !== 'loaded') throw new Error('unexpected reply');
      return { source: m.source, defaultThreshold: m.defaultThreshold, loadMs: m.loadMs, runtime: m.runtime };
    });
    this.ready.catch(() => {});
    return this.ready;
  }

  async classify(texts: string[], urgent = false): Promise<Classification[]> {
    await this.ready;
    const m = await this.send({ type: 'classify', id: 0, texts }, urgent);
    if (m.type !== 'classified') throw new Error('unexpected reply');
    return m.results;
  }

  /** For tests of recovery: ends the worker as a crash would. */
  async crashWorker(): Promise<void> {
    const w = this.worker;
    if (w instanceof Worker) await w.terminate();
    else w?.kill('SIGKILL');
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    if (w instanceof Worker) void w.terminate();
    else w?.kill();
  }

  private ensureWorker(): Worker | ChildProcess {
    if (this.worker) return this.worker;
    const w: Worker | ChildProcess = this.restarts === 0
      ? new Worker(this.workerFile)
      : fork(this.workerFile, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    w.on('message', (m: FromWorker) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      if (m.type === 'error') job.reject(new Error(m.message));
      else job.resolve(m);
    });
    w.on('error', () => {}); // 'exit' follows and handles it
    w.on('exit', (code) => this.onExit(w, code));
    this.worker = w;
    return w;
  }

  private onExit(w: Worker | ChildProcess, code: number | null): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const job of lost) job.reject(new WorkerDiedError(`the model worker stopped (exit code ${code})`));
    if (this.disposed) return;
    this.restarts++;
    if (this.loadOptions) void this.load(this.loadOptions);
    this.onWorkerRestart(`the model worker stopped (exit code ${code}) and was restarted`);
  }

  private send(msg: ToWorker, urgent: boolean): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const out: ToWorker = msg.type === 'classify' ? { ...msg, id, urgent } : { ...msg, id };
      this.pending.set(id, { resolve, reject });
      const w = this.ensureWorker();
      if (w instanceof Worker) w.postMessage(out);
      else w.send(out);
    });
  }
}
