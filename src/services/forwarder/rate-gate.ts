// Shared-rate-limit permits for this pod's deliveries. Every delivery waiting for a permit joins one queue and a
// single loop asks the limiter for all of them at once (acquireMany): one Redis round trip per group instead of
// one per alert. The limiter never grants past its window, so batching cannot exceed the rate limit.
import type { RateLimiter } from '../../ports/rate-limiter.js';

export interface RateGateDeps {
  readonly limiter: RateLimiter;
  readonly key: string;
  /** Current max / window (dynamic config can change them between calls). */
  readonly limits: () => { rateMax: number; rateWindowMs: number };
  readonly stopping: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Called with how many waiting alerts were refused by one limiter call. */
  readonly onDenied: (refused: number) => void;
}

interface Waiter {
  resolve(granted: boolean): void;
  reject(err: unknown): void;
}

export class RateGate {
  private readonly waiting: Waiter[] = [];
  private running = false;

  constructor(private readonly d: RateGateDeps) {}

  /** Resolves true with a permit, false when the service stops while waiting; rejects when the limiter fails. */
  take(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const wanted = this.waiting.length;
        const { rateMax, rateWindowMs } = this.d.limits();
        let grant: { granted: number; waitMs: number };
        try {
          grant = await this.d.limiter.acquireMany(this.d.key, wanted, rateMax, rateWindowMs);
        } catch (err) {
          // Same as a failing per-alert acquire: each of these deliveries fails and is retried later.
          for (const w of this.waiting.splice(0, wanted)) w.reject(err);
          continue;
        }
        for (const w of this.waiting.splice(0, Math.min(grant.granted, wanted))) w.resolve(true);
        if (grant.granted >= wanted) continue; // newcomers (if any) go in the next call straight away
        this.d.onDenied(wanted - grant.granted);
        if (this.d.stopping()) {
          for (const w of this.waiting.splice(0)) w.resolve(false);
          return;
        }
        await this.d.sleep(Math.min(Math.max(grant.waitMs, 5), 1000));
      }
    } finally {
      this.running = false;
    }
  }
}
