/**
 * The model's thread. onnxruntime-node's run() blocks its thread for the whole
 * inference, so the server's message loop never runs the model itself. One
 * long-lived worker; requests are served one at a time, in order.
 *
 * The same file also runs as a child process: onnxruntime-node 1.14's native
 * binding loads once per process ("Module did not self-register" in a second
 * thread), so a worker that died is replaced by a process (see modelHost.ts).
 */
import { parentPort } from 'worker_threads';
import { EmotionClassifier } from './classifier';
import type { FromWorker, ToWorker } from './workerProtocol';

let classifier: EmotionClassifier | undefined;
let queue: Promise<void> = Promise.resolve();

function reply(msg: FromWorker): void {
  if (parentPort) parentPort.postMessage(msg);
  else process.send?.(msg);
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
      reply({ type: 'classified', id: msg.id, results: await classifier.classify(msg.texts) });
    }
  } catch (e) {
    reply({ type: 'error', id: msg.id, message: (e as Error).message ?? String(e) });
  }
}

const receive = (msg: ToWorker) => {
  queue = queue.then(() => handle(msg));
};
if (parentPort) parentPort.on('message', receive);
else {
  process.on('message', receive);
  process.on('disconnect', () => process.exit(0)); // the server is gone
}
