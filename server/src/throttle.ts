/**
 * Per-key throttle, leading and trailing: the first change runs at once, changes
 * within the next `delay` ms collapse into one trailing run. `run` is never
 * overlapped for one key: a request while it runs is served when it ends.
 * A run that fails is reported to `onError` (the server logs it and tells the user);
 * the key is still served again on its next change.
 */
export class KeyedThrottle {
  private readonly windows = new Map<string, NodeJS.Timeout>();
  private readonly pending = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly rerun = new Set<string>();

  constructor(
    private readonly run: (key: string) => Promise<void>,
    public delay: number,
    private readonly onError: (key: string, error: unknown) => void = (key, error) => {
      // no handler given: fail loudly rather than lose the error
      queueMicrotask(() => {
        throw error instanceof Error ? error : new Error(`${key}: ${String(error)}`);
      });
    },
  ) {}

  touch(key: string): void {
    if (this.windows.has(key)) {
      this.pending.add(key);
      return;
    }
    this.start(key);
    this.windows.set(key, setTimeout(() => {
      this.windows.delete(key);
      if (this.pending.delete(key)) this.touch(key);
    }, this.delay));
  }

  /** Forgets a key (document closed). */
  cancel(key: string): void {
    clearTimeout(this.windows.get(key));
    this.windows.delete(key);
    this.pending.delete(key);
    this.rerun.delete(key);
  }

  private start(key: string): void {
    if (this.running.has(key)) {
      this.rerun.add(key);
      return;
    }
    const p = this.run(key)
      .catch((e: unknown) => this.onError(key, e))
      .finally(() => {
        this.running.delete(key);
        if (this.rerun.delete(key)) this.start(key);
      });
    this.running.set(key, p);
  }
}
