/** Messages between the server's main thread and the model worker thread. */
import type { LoadOptions } from './classifier';
import type { Classification } from './flagRule';

export type ToWorker =
  | { type: 'load'; id: number; options: LoadOptions }
  /** urgent (hovers): served between two batches of a running request, before queued ones. */
  | { type: 'classify'; id: number; texts: string[]; urgent?: boolean };

export type FromWorker =
  | { type: 'loaded'; id: number; source: string; defaultThreshold: number; loadMs: number; runtime: string }
  | { type: 'classified'; id: number; results: Classification[] }
  | { type: 'error'; id: number; message: string };
