// Unhandled counters in process memory: the embedded profile is one process, like its heartbeats. Same semantics
// as unhandledIncrement-3.lua, including the cap on live signatures: a new one past it is refused, never stored.
import {
  UNHANDLED_SAMPLE_LIMIT,
  type UnhandledCounter,
  type UnhandledHit,
  type UnhandledLimits,
  type UnhandledOutcome,
  type UnhandledRecord,
} from '../../ports/unhandled-counter.js';

/** Full sweeps (for entries expired out of order after a window change) run at most this often. */
const SWEEP_EVERY_MS = 1000;

interface Counter {
  record: UnhandledRecord;
  expiresAt: number;
}

export class EmbeddedUnhandledCounter implements UnhandledCounter {
  // Both maps are in insertion order, which is expiry order while the window is unchanged: pruning from the front
  // is amortised O(1) per hit. An entry lives in at most one of them.
  private readonly counters = new Map<string, Counter>();
  private readonly triggered = new Map<string, number>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  async record(hits: readonly UnhandledHit[], limits: UnhandledLimits): Promise<UnhandledOutcome[]> {
    const window = limits.windowSeconds >= 1 ? limits.windowSeconds : 86400;
    return hits.map((h) => (limits.threshold <= 0 ? 'disabled' : this.one(h, limits.threshold, window, limits.maxSignatures)));
  }

  async trackedSignatures(): Promise<number> {
    const now = this.now();
    this.prune(now);
    this.sweep(now);
    return this.counters.size + this.triggered.size;
  }

  /** The current record, as `GET mutt:unhandled:<host>:<sig>` would show it. */
  peek(hostname: string, signature: string): UnhandledRecord | null {
    const c = this.counters.get(keyOf(hostname, signature));
    return c && c.expiresAt > this.now() ? c.record : null;
  }

  private one(h: UnhandledHit, threshold: number, windowSeconds: number, cap: number): UnhandledOutcome {
    const now = this.now();
    const key = keyOf(h.hostname, h.signature);
    const until = this.triggered.get(key);
    if (until !== undefined && until > now) return 'suppressed';
    if (until !== undefined) this.triggered.delete(key);
    let c = this.counters.get(key);
    if (c && c.expiresAt <= now) {
      this.counters.delete(key);
      c = undefined;
    }
    if (c === undefined && !this.fits(now, cap)) return 'overflow';
    const iso = new Date(now).toISOString();
    const prev = c?.record;
    const record: UnhandledRecord = {
      count: (prev?.count ?? 0) + 1,
      hostname: prev?.hostname ?? h.hostname,
      signature: prev?.signature ?? h.signature,
      first_seen: prev?.first_seen ?? iso,
      last_seen: iso,
      correlation_id: h.correlationId,
      sample: h.sample.slice(0, UNHANDLED_SAMPLE_LIMIT),
    };
    if (record.count >= threshold) {
      this.counters.delete(key);
      this.triggered.set(key, now + windowSeconds * 1000);
      return 'fired';
    }
    this.counters.set(key, { record, expiresAt: c?.expiresAt ?? now + windowSeconds * 1000 });
    return 'counted';
  }

  /** Room for one more live signature after dropping the expired ones. */
  private fits(now: number, cap: number): boolean {
    this.prune(now);
    if (this.counters.size + this.triggered.size < cap) return true;
    if (now - this.lastSweep < SWEEP_EVERY_MS) return false;
    this.sweep(now);
    return this.counters.size + this.triggered.size < cap;
  }

  /** Drops expired entries from the front of each map. */
  private prune(now: number): void {
    for (const [k, c] of this.counters) {
      if (c.expiresAt > now) break;
      this.counters.delete(k);
    }
    for (const [k, t] of this.triggered) {
      if (t > now) break;
      this.triggered.delete(k);
    }
  }

  /** Drops every expired entry, wherever it sits. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(k);
    for (const [k, t] of this.triggered) if (t <= now) this.triggered.delete(k);
  }
}

function keyOf(hostname: string, signature: string): string {
  return `${hostname}\u0000${signature}`;
}
