// Named, unref'd timers of a worker pod: a failing tick is logged with the timer's name (at most once per
// ERROR_LOG_EVERY_MS per timer, so a back end outage does not flood the log), and stop() clears them all.
import type { Logger } from '../../observability/logger.js';

const ERROR_LOG_EVERY_MS = 10_000;

export class NamedTimers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly lastErrorAt = new Map<string, number>();
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  /** Runs `fn` every `ms`; a tick is skipped while the previous one is still running. */
  every(name: string, ms: number, fn: () => Promise<unknown>): void {
    if (this.stopped) return;
    let busy = false;
    const t = setInterval(() => {
      if (busy || this.stopped) return;
      busy = true;
      void this.run(name, fn).finally(() => {
        busy = false;
      });
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  after(name: string, ms: number, fn: () => Promise<unknown>): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) void this.run(name, fn);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  clear(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }

  private async run(name: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const now = Date.now();
      if (now - (this.lastErrorAt.get(name) ?? 0) < ERROR_LOG_EVERY_MS) return;
      this.lastErrorAt.set(name, now);
      this.logger.error(`Timer ${name} failed: ${(err as Error).message}`);
    }
  }
}
