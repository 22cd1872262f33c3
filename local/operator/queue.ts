// A work queue keyed by namespace/name: a key waits at most once, is never handled by two workers
// at once (re-added while in flight, it runs again afterwards), and failures come back with
// exponential backoff, like client-go's rate-limited queue.

export interface QueueOptions {
  concurrency: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type Handler = (key: string) => Promise<{ requeueAfterMs?: number } | void>;

export class WorkQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly handler: Handler,
    private readonly opts: QueueOptions,
    private readonly onError: (key: string, e: unknown) => void = () => {},
  ) {}

  /**
   * Queue a key. `urgent` keys (something really happened: a runner reported) go ahead of routine
   * ones (resyncs, echoes of our own writes), so a long queue cannot starve progress.
   */
  add(key: string, urgent = false): void {
    if (this.stopped) return;
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) {
      if (urgent) {
        const i = this.waiting.indexOf(key);
        if (i > 0) {
          this.waiting.splice(i, 1);
          this.waiting.unshift(key);
        }
      }
      return;
    }
    this.queued.add(key);
    if (urgent) this.waiting.unshift(key);
    else this.waiting.push(key);
    this.pump();
  }

  /** Add after a delay; an earlier pending delay for the key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const existing = this.timers.get(key) as (NodeJS.Timeout & { dueAt?: number }) | undefined;
    const dueAt = Date.now() + ms;
    if (existing && (existing.dueAt ?? Infinity) <= dueAt) return;
    if (existing) clearTimeout(existing);
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, ms) as NodeJS.Timeout & { dueAt?: number };
    t.dueAt = dueAt;
    t.unref();
    this.timers.set(key, t);
  }

  /** Failures in a row for a key (0 after a success). */
  failureCount(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  get length(): number {
    return this.waiting.length + this.active.size;
  }

  /** Resolves when nothing is waiting or in flight (delayed keys do not count). */
  idle(): Promise<void> {
    if (this.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stop taking work; resolves when in-flight handlers finish or after `graceMs`. */
  async shutDown(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    this.queued.clear();
    const deadline = Date.now() + graceMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  private pump(): void {
    while (!this.stopped && this.running < this.opts.concurrency && this.waiting.length > 0) {
      const key = this.waiting.shift()!;
      this.queued.delete(key);
      this.active.add(key);
      this.running++;
      void this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    try {
      const result = await this.handler(key);
      this.failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (e) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.onError(key, e);
      const base = this.opts.baseDelayMs ?? 50;
      this.addAfter(key, Math.min(base * 2 ** (n - 1), this.opts.maxDelayMs ?? 30_000));
    } finally {
      this.active.delete(key);
      this.running--;
      if (this.dirty.delete(key)) this.add(key, true);
      this.pump();
      if (this.length === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
