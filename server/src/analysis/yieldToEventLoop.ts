/**
 * Resolves after one turn of the event loop, so that pending I/O and message
 * handlers (an LSP cancellation, a part's own handler) run first. The analysis
 * core runs in Node and in a browser worker: Node keeps its setImmediate (the
 * behaviour it always had); a worker has none, and a MessageChannel message is the
 * same kind of macrotask without setTimeout's 4 ms clamp on nested timers.
 */
const schedule: (fn: () => void) => void =
  typeof setImmediate === 'function'
    ? (fn) => setImmediate(fn)
    : (() => {
        const channel = new MessageChannel();
        const queue: (() => void)[] = [];
        channel.port1.onmessage = () => queue.shift()?.();
        return (fn: () => void) => {
          queue.push(fn);
          channel.port2.postMessage(null);
        };
      })();

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}
