/**
 * The model's thread. onnxruntime-node's run() blocks its thread for the whole
 * inference, so the server's message loop never runs the model itself. One
 * long-lived worker; requests are served one at a time, in order.
 */
import { parentPort } from 'worker_threads';
import { EmotionClassifier } from './classifier';
import type { FromWorker, ToWorker } from './workerProtocol';

let classifier: EmotionClassifier | undefined;
let queue: Promise<void> = Promise.resolve();

function reply(msg: FromWorker): void {
  parentPort!.postMessage(msg);
}

async function handle(msg: ToWorker): Promise<void> {
  try {
    if (msg.type === 'load') {
      const t0 = performance.now();
      classifier = undefined;
      classifier = await EmotionClassifier.load(msg.options);
      reply({ type: 'loaded', id: msg.id, source: classifier.source, defaultThreshold: classifier.defaultThreshold, loadMs: performance.now() - t0 });
    } else if (msg.type === 'classify') {
      if (!classifier) throw new Error('no model is loaded');
      reply({ type: 'classified', id: msg.id, results: await classifier.classify(msg.texts) });
    }
  } catch (e) {
    reply({ type: 'error', id: msg.id, message: (e as Error).message ?? String(e) });
  }
}

parentPort!.on('message', (msg: ToWorker) => {
  queue = queue.then(() => handle(msg));
});
