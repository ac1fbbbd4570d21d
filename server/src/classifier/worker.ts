/**
 * The model's thread. onnxruntime-node's run() blocks its thread for the whole
 * inference, so the server's message loop never runs the model itself. One
 * long-lived worker; requests are served in order, except urgent ones (hovers):
 * those wait at most for one small batch of a long request, not for all of it.
 *
 * The same file also runs as a child process: onnxruntime-node 1.14's native
 * binding loads once per process ("Module did not self-register" in a second
 * thread), so a worker that died is replaced by a process (see modelHost.ts).
 */
import { parentPort } from 'worker_threads';
import { EmotionClassifier } from './classifier';
import type { FromWorker, ToWorker } from './workerProtocol';

/**
 * Sentences per model run of a long request: an urgent request (a hover) waits for at most
 * one such run. 4 rather than 8: hover p95 while a big document fills in fell from about 60
 * to about 50 ms, the whole document took no measurably longer (npm run bench:server).
 */
const SLICE = 4;

let classifier: EmotionClassifier | undefined;
const urgent: ToWorker[] = [];
const normal: ToWorker[] = [];
let running = false;

function reply(msg: FromWorker): void {
  if (parentPort) parentPort.postMessage(msg);
  else process.send?.(msg);
}

/** Between two runs of a long request: let messages arrive, then serve the urgent ones. */
async function serveUrgent(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (let m = urgent.shift(); m; m = urgent.shift()) await handle(m);
}

async function handle(msg: ToWorker): Promise<void> {
  try {
    if (msg.type === 'load') {
      const t0 = performance.now();
      classifier = undefined;
      classifier = await EmotionClassifier.load(msg.options);
      reply({ type: 'loaded', id: msg.id, source: classifier.source, defaultThreshold: classifier.defaultThreshold, loadMs: performance.now() - t0, runtime: classifier.runtime });
    } else if (msg.type === 'classify') {
      if (!classifier) throw new Error('no model is loaded');
      const results = msg.urgent ? await classifier.classify(msg.texts) : await classifier.classify(msg.texts, { batch: SLICE, between: serveUrgent });
      reply({ type: 'classified', id: msg.id, results });
    }
  } catch (e) {
    reply({ type: 'error', id: msg.id, message: (e as Error).message ?? String(e) });
  }
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (let m = urgent.shift() ?? normal.shift(); m; m = urgent.shift() ?? normal.shift()) await handle(m);
  } finally {
    running = false;
  }
}

const receive = (msg: ToWorker) => {
  // a load is urgent too, but never runs inside a request (serveUrgent takes classifications only)
  if (msg.type === 'classify' && msg.urgent) urgent.push(msg);
  else normal.push(msg);
  void drain();
};
if (parentPort) parentPort.on('message', receive);
else {
  process.on('message', receive);
  process.on('disconnect', () => process.exit(0)); // the server is gone
}
