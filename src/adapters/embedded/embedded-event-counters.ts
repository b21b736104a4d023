// Embedded EventCounters: the push goes through the durable PGlite queue; the bucket counters live in memory
// because the embedded profile is one process and they are statistics, not acknowledged data.
import { BUCKET_TTL_SECONDS, bucketStamps, type BucketKind, type CountedPushResult, type EventCounters } from '../../ports/event-counters.js';
import type { Queues } from '../../ports/queues.js';

interface Bucket {
  value: number;
  expiresAt: number;
}

const KINDS: readonly BucketKind[] = ['1m', '1h', '24h'];

export function createEmbeddedEventCounters(queues: Queues, now: () => number = Date.now): EventCounters {
  const buckets = new Map<string, Bucket>();
  let lastPrune = 0;

  function prune(t: number): void {
    if (t - lastPrune < 60_000) return;
    lastPrune = t;
    for (const [k, b] of buckets) if (b.expiresAt <= t) buckets.delete(k);
  }

  function add(at: Date, n: number): void {
    const t = now();
    prune(t);
    const stamps = bucketStamps(at);
    for (const kind of KINDS) {
      const key = `${kind}:${stamps[kind]}`;
      const expiresAt = t + BUCKET_TTL_SECONDS[kind] * 1000;
      const b = buckets.get(key);
      if (b === undefined || b.expiresAt <= t) buckets.set(key, { value: n, expiresAt });
      else {
        b.value += n;
        b.expiresAt = expiresAt;
      }
    }
  }

  return {
    async pushCounted(queue: string, messages: readonly string[], cap: number, at: Date): Promise<CountedPushResult> {
      const r = await queues.pushBounded(queue, messages, cap);
      if (!r.accepted) return { accepted: false, depth: r.depth, length: r.depth };
      add(at, messages.length);
      return { accepted: true, depth: r.depth, length: r.depth + messages.length };
    },
    async read(kind: BucketKind, stamps: readonly string[]): Promise<number[]> {
      const t = now();
      return stamps.map((s) => {
        const b = buckets.get(`${kind}:${s}`);
        return b === undefined || b.expiresAt <= t ? 0 : b.value;
      });
    },
  };
}
