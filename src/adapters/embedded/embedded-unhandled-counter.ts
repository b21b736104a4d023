// Unhandled counters in process memory: the embedded profile is one process, like its heartbeats. Same
// semantics as unhandledIncrement-2.lua; bounded by MAX_ENTRIES (expired entries go first, then the oldest).
import { UNHANDLED_SAMPLE_LIMIT, type UnhandledCounter, type UnhandledHit, type UnhandledRecord } from '../../ports/unhandled-counter.js';

const MAX_ENTRIES = 100_000;

interface Counter {
  record: UnhandledRecord;
  expiresAt: number;
}

export class EmbeddedUnhandledCounter implements UnhandledCounter {
  private readonly counters = new Map<string, Counter>();
  private readonly triggered = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async record(hits: readonly UnhandledHit[], threshold: number, windowSeconds: number): Promise<boolean[]> {
    const window = windowSeconds >= 1 ? windowSeconds : 86400;
    return hits.map((h) => (threshold <= 0 ? false : this.one(h, threshold, window)));
  }

  /** The current record, as `GET mutt:unhandled:<host>:<sig>` would show it. */
  peek(hostname: string, signature: string): UnhandledRecord | null {
    const c = this.counters.get(keyOf(hostname, signature));
    return c && c.expiresAt > this.now() ? c.record : null;
  }

  private one(h: UnhandledHit, threshold: number, windowSeconds: number): boolean {
    const now = this.now();
    const key = keyOf(h.hostname, h.signature);
    const until = this.triggered.get(key);
    if (until !== undefined && until > now) return false;
    if (until !== undefined) this.triggered.delete(key);
    let c = this.counters.get(key);
    if (c && c.expiresAt <= now) c = undefined;
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
      this.bound(now);
      return true;
    }
    this.counters.set(key, { record, expiresAt: c?.expiresAt ?? now + windowSeconds * 1000 });
    this.bound(now);
    return false;
  }

  private bound(now: number): void {
    if (this.counters.size + this.triggered.size <= MAX_ENTRIES) return;
    for (const [k, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(k);
    for (const [k, t] of this.triggered) if (t <= now) this.triggered.delete(k);
    // Maps iterate in insertion order, so the first keys are the oldest.
    for (const k of this.counters.keys()) {
      if (this.counters.size + this.triggered.size <= MAX_ENTRIES) break;
      this.counters.delete(k);
    }
  }
}

function keyOf(hostname: string, signature: string): string {
  return `${hostname}\u0000${signature}`;
}
