/**
 * Bulk reviewing on every core: `check` and `commits` hand texts to a pool of
 * checking processes, each with its own model, and get sentences back.
 *
 * Processes, not worker threads: onnxruntime-node's native binding loads once per
 * process (a second thread gets "Module did not self-register"), so N models need
 * N processes. Each child is dist/cli.js itself, started with BULK_WORKER_ARG and an
 * IPC channel; it never writes to stdout. One text at a time per child, one more
 * queued so it never waits for the parent between texts.
 */
import { ChildProcess, fork } from 'child_process';
import * as os from 'os';
import { Analyzer } from '../analysis/analyzer';
import { ModelError } from '../classifier/classifier';
import { limitModelThreads } from '../classifier/ortRuntime';
import { ConfigError } from '../project/config';
import { Reviewer, ReviewOptions } from './review';
import { loadClassifier } from './shared';

export const BULK_WORKER_ARG = '__emotion-lens-bulk-worker';

export interface ReviewJob {
  text: string;
  language: string;
  /** The folder whose .emotion-lens.json applies. */
  configDir: string;
  commentChar?: string;
}

export type ReviewResult = Awaited<ReturnType<Reviewer['review']>>;

/** Reviews texts with the model, in this process or in a pool of processes. */
export interface ReviewLane {
  readonly defaultThreshold: number;
  review(job: ReviewJob): Promise<ReviewResult>;
  close(): void;
}

type ModelValues = { model?: string; 'allow-remote'?: boolean };

interface Init {
  type: 'init';
  values: ModelValues;
  opts: ReviewOptions;
  roots: string[];
  /** onnxruntime's intra-op threads per process: the cores shared out, so N processes do not fight over them. */
  threads: number;
}
type ToChild = Init | ({ type: 'review'; id: number } & ReviewJob);
type FromChild =
  | { type: 'ready'; defaultThreshold: number }
  | { type: 'init-error'; message: string; model: boolean }
  | { type: 'done'; id: number; result: ReviewResult }
  | { type: 'failed'; id: number; message: string; config: boolean };

const coreCount = () => Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/**
 * `--jobs N`: how many checking processes; default one per two cores. Each process keeps
 * two threads busy (JavaScript, and onnxruntime's, which spins while it waits even with one
 * intra-op thread), and on this 2-core machine two processes side by side ran 0.74x the
 * speed of one (README, Performance).
 */
export function parseJobs(value: string | undefined, usage: (m: string) => Error): number {
  if (value === undefined) return Math.max(1, Math.floor(coreCount() / 2));
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 256) throw usage(`--jobs must be a whole number from 1 to 256, not "${value}"`);
  return n;
}

/** Opens a lane: the model in this process for one job, else `jobs` checking processes. */
export async function openLane(values: ModelValues, opts: ReviewOptions, roots: string[], jobs: number): Promise<ReviewLane> {
  if (jobs <= 1) {
    const classifier = await loadClassifier(values);
    const reviewer = new Reviewer(new Analyzer((t) => classifier.classify(t)), classifier.defaultThreshold, opts);
    return {
      defaultThreshold: classifier.defaultThreshold,
      review: (job) => reviewer.review(job.text, job.language, reviewer.configFor(job.configDir, roots), job.commentChar),
      close: () => {},
    };
  }
  const threads = Math.max(1, Math.floor(coreCount() / jobs));
  const pool = new Pool(jobs, { type: 'init', values, opts, roots, threads });
  try {
    await pool.ready;
  } catch (e) {
    pool.close();
    throw e;
  }
  return pool;
}

interface Pending {
  id: number;
  job: ReviewJob;
  resolve: (r: ReviewResult) => void;
  reject: (e: Error) => void;
}

class Pool implements ReviewLane {
  defaultThreshold = 0;
  readonly ready: Promise<void>;
  private readonly children: Array<{ proc: ChildProcess; busy: Pending[] }> = [];
  private readonly backlog: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private failure?: Error;
  /** Lines the children write to stderr, once each (N models would say the same thing N times). */
  private readonly said = new Set<string>();

  constructor(size: number, init: Init) {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const proc = fork(process.argv[1], [BULK_WORKER_ARG], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
      const child = { proc, busy: [] as Pending[] };
      this.children.push(child);
      let buffered = '';
      proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
        buffered += d;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const l of lines) if (!this.said.has(l)) this.said.add(l), process.stderr.write(l + '\n');
      });
      ready.push(new Promise((resolve, reject) => {
        proc.on('message', (m: FromChild) => {
          if (m.type === 'ready') {
            this.defaultThreshold = m.defaultThreshold;
            resolve();
          } else if (m.type === 'init-error') {
            reject(m.model ? new ModelError(m.message) : new Error(m.message));
          } else {
            this.settle(child, m);
          }
        });
        proc.on('exit', (code, signal) => {
          const e = new Error(`a checking process stopped (${signal ?? `exit code ${code}`})`);
          reject(e);
          if (this.closed) return;
          // its texts cannot be reviewed elsewhere reliably (the same text may crash again): fail the run
          this.failure ??= e;
          for (const p of child.busy.splice(0)) p.reject(e);
          for (const p of this.backlog.splice(0)) p.reject(e);
        });
      }));
      proc.send({ ...init } satisfies ToChild);
    }
    this.ready = Promise.all(ready).then(() => undefined);
  }

  review(job: ReviewJob): Promise<ReviewResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.backlog.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  private settle(child: { busy: Pending[] }, m: FromChild): void {
    if (m.type !== 'done' && m.type !== 'failed') return;
    const at = child.busy.findIndex((p) => p.id === m.id);
    if (at < 0) return;
    const [p] = child.busy.splice(at, 1);
    if (m.type === 'done') p.resolve(m.result);
    else p.reject(m.config ? Object.assign(new ConfigError('', ''), { message: m.message }) : new Error(m.message));
    this.pump();
  }

  private pump(): void {
    while (this.backlog.length) {
      // the child with least work; two per child at most (one running, one ready)
      const child = this.children.reduce((a, b) => (b.busy.length < a.busy.length ? b : a));
      if (child.busy.length >= 2) return;
      const p = this.backlog.shift()!;
      child.busy.push(p);
      child.proc.send({ type: 'review', id: p.id, ...p.job } satisfies ToChild);
    }
  }

  close(): void {
    this.closed = true;
    for (const { proc } of this.children) if (proc.connected) proc.disconnect();
  }
}

/** The child's side: load the model once, review texts one at a time, in order. */
export function runBulkWorker(): void {
  let reviewer: Reviewer | undefined;
  let roots: string[] = [];
  let queue: Promise<void> = Promise.resolve();
  const send = (m: FromChild) => process.send?.(m);
  const handle = async (m: ToChild) => {
    if (m.type === 'init') {
      try {
        limitModelThreads(m.threads);
        const classifier = await loadClassifier(m.values);
        reviewer = new Reviewer(new Analyzer((t) => classifier.classify(t)), classifier.defaultThreshold, m.opts);
        roots = m.roots;
        send({ type: 'ready', defaultThreshold: classifier.defaultThreshold });
      } catch (e) {
        send({ type: 'init-error', message: (e as Error).message ?? String(e), model: e instanceof ModelError });
      }
      return;
    }
    try {
      if (!reviewer) throw new Error('the checking process has no model');
      const result = await reviewer.review(m.text, m.language, reviewer.configFor(m.configDir, roots), m.commentChar);
      send({ type: 'done', id: m.id, result });
    } catch (e) {
      send({ type: 'failed', id: m.id, message: (e as Error).message ?? String(e), config: e instanceof ConfigError });
    }
  };
  process.on('message', (m: ToChild) => {
    queue = queue.then(() => handle(m));
  });
  process.on('disconnect', () => process.exit(0)); // the parent is done (or gone)
}
