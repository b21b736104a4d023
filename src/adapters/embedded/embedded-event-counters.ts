// Embedded EventCounters: the push goes through the durable PGlite queue; the bucket counters live in memory
// because the embedded profile is one process and they are statistics, not acknowledged data.
// Group commit: PGlite runs one statement at a time and each costs a transaction, so concurrent requests' pushes
// wait while one group is being written and then go together as the next group (one statement, one transaction).
// Each request still gets its own result: the cap is checked per request in arrival order (see pushBoundedGroups).
import {
  BUCKET_TTL_SECONDS,
  bucketStamps,
  type BucketKind,
  type CountedPushResult,
  type EventCounters,
} from '../../ports/event-counters.js';
import type { EmbeddedQueues } from './embedded-queues.js';

interface Bucket {
  value: number;
  expiresAt: number;
}

interface PendingPush {
  readonly messages: readonly string[];
  readonly at: Date;
  readonly resolve: (r: CountedPushResult) => void;
  readonly reject: (err: unknown) => void;
}

/** Requests waiting for the same queue and cap (one cap per group keeps "accept in order until the cap" exact). */
interface PendingGroup {
  readonly queue: string;
  readonly cap: number;
  items: PendingPush[];
  messages: number;
}

const KINDS: readonly BucketKind[] = ['1m', '1h', '24h'];
/** Bounds one statement's size; a group always takes at least one request, however large. */
const MAX_GROUP_MESSAGES = 10_000;

export function createEmbeddedEventCounters(
  queues: Pick<EmbeddedQueues, 'pushBoundedGroups'>,
  now: () => number = Date.now,
): EventCounters {
  const buckets = new Map<string, Bucket>();
  let lastPrune = 0;
  // Insertion order of the map is the order groups are written in.
  const pending = new Map<string, PendingGroup>();
  let writing = false;

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

  /** Takes the oldest group's first requests, up to MAX_GROUP_MESSAGES (later ones stay queued, in order). */
  function takeGroup(): { queue: string; cap: number; items: PendingPush[] } | undefined {
    const first = pending.entries().next();
    if (first.done === true) return undefined;
    const [key, g] = first.value;
    if (g.messages <= MAX_GROUP_MESSAGES) {
      pending.delete(key);
      return g;
    }
    let n = 0;
    let k = 0;
    while (k < g.items.length && (k === 0 || n + g.items[k]!.messages.length <= MAX_GROUP_MESSAGES))
      n += g.items[k++]!.messages.length;
    const items = g.items.splice(0, k);
    g.messages -= n;
    return { queue: g.queue, cap: g.cap, items };
  }

  async function writeGroup(queue: string, cap: number, items: readonly PendingPush[]): Promise<void> {
    let r: { depth: number };
    try {
      r = await queues.pushBoundedGroups(
        queue,
        items.map((p) => p.messages),
        cap,
      );
    } catch (err) {
      for (const p of items) p.reject(err);
      return;
    }
    // Replays what pushing the requests one by one would have seen.
    let depth = r.depth;
    for (const p of items) {
      if (depth >= cap) {
        p.resolve({ accepted: false, depth, length: depth });
        continue;
      }
      add(p.at, p.messages.length);
      p.resolve({ accepted: true, depth, length: depth + p.messages.length });
      depth += p.messages.length;
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      for (;;) {
        // PGlite works on the event loop, so requests that arrived during a write are still unread sockets: let
        // the poll phase hand them to their handlers (one setImmediate) before the next group is taken.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const g = takeGroup();
        if (g === undefined) break;
        await writeGroup(g.queue, g.cap, g.items);
      }
    } finally {
      writing = false;
    }
  }

  return {
    pushCounted(queue: string, messages: readonly string[], cap: number, at: Date): Promise<CountedPushResult> {
      return new Promise<CountedPushResult>((resolve, reject) => {
        const key = `${cap}\u0000${queue}`;
        let g = pending.get(key);
        if (g === undefined) {
          g = { queue, cap, items: [], messages: 0 };
          pending.set(key, g);
        }
        g.items.push({ messages, at, resolve, reject });
        g.messages += messages.length;
        // The first request of an idle period starts a group after one setImmediate (requests parsed in the same
        // poll phase join it); the ones that arrive while a group is being written form the next group.
        if (!writing) void drain();
      });
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
