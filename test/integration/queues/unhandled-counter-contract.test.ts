// Unhandled counters behave the same on both profiles, and the number of live signatures is bounded: a flood of
// distinct messages cannot grow Redis (or the embedded process) without limit.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unhandledSignature } from '../../../src/core/rules/unhandled-signature.js';
import type { UnhandledHit, UnhandledLimits, UnhandledOutcome } from '../../../src/ports/unhandled-counter.js';
import { createTestBackends, isRedisProfile, testProfile, type TestBackends } from '../../helpers/backends.js';

const DAY = { threshold: 100, windowSeconds: 86400, maxSignatures: 50_000 } as const satisfies UnhandledLimits;

function hit(hostname: string, message: string): UnhandledHit {
  return { hostname, signature: unhandledSignature(message), correlationId: randomUUID(), sample: message };
}

/** Deterministic random lowercase words: text the normaliser cannot collapse (no digits, ids or times). */
function randomWords(seed: number, vocabulary = 4096): (n: number) => string {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const vocab = Array.from({ length: vocabulary }, () =>
    Array.from({ length: 3 + Math.floor(next() * 8) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join(''),
  );
  return (n) => Array.from({ length: n }, () => vocab[Math.floor(next() * vocabulary)]).join(' ');
}

async function scanCount(redis: Redis, pattern: string): Promise<number> {
  let n = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    n += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return n;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
}

describe(`Unhandled counter contract (${testProfile})`, () => {
  let t: TestBackends;
  let redis: Redis | undefined;

  beforeAll(async () => {
    t = await createTestBackends();
    if (isRedisProfile) redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis?.quit();
    await t?.cleanup();
  });

  const host = (tag: string): string => `${tag}-${randomUUID().slice(0, 8)}`;

  it('counts a signature, fires once at the threshold, then suppresses it for the window', async () => {
    const h = host('count');
    const hits = Array.from({ length: 5 }, (_, i) => hit(h, `BGP peer 10.0.0.${i} down after ${i * 7} s`));
    expect(new Set(hits.map((x) => x.signature)).size).toBe(1);
    const out = await t.backends.unhandled.record(hits, { ...DAY, threshold: 3 });
    expect(out).toEqual<UnhandledOutcome[]>(['counted', 'counted', 'fired', 'suppressed', 'suppressed']);
    expect(await t.backends.unhandled.record(hits.slice(0, 1), { ...DAY, threshold: 0 })).toEqual(['disabled']);
  });

  it('past the cap a new signature is refused and nothing is stored; tracked ones keep counting and firing', async () => {
    const h = host('cap');
    const limits = { threshold: 2, windowSeconds: 86400, maxSignatures: (await t.backends.unhandled.trackedSignatures()) + 3 };
    const [a, b, c, d] = ['alpha down', 'bravo down', 'charlie down', 'delta down'].map((m) => hit(h, m)) as [
      UnhandledHit,
      UnhandledHit,
      UnhandledHit,
      UnhandledHit,
    ];
    expect(await t.backends.unhandled.record([a, b, c], limits)).toEqual(['counted', 'counted', 'counted']);
    expect(await t.backends.unhandled.record([d, d, a, d], limits)).toEqual(['overflow', 'overflow', 'fired', 'overflow']);
    // The fired signature's :triggered marker still holds its place.
    expect(await t.backends.unhandled.record([d, b, a], limits)).toEqual(['overflow', 'fired', 'suppressed']);
    expect(await t.backends.unhandled.trackedSignatures()).toBe(limits.maxSignatures);
    if (redis) {
      const k = t.backends.keys;
      expect(await redis.exists(k.unhandled(h, d.signature), k.unhandledTriggered(h, d.signature))).toBe(0);
      expect(await redis.zscore(k.unhandledIndex, `${h}:${d.signature}`)).toBeNull();
      const rec = JSON.parse((await redis.get(k.unhandled(h, c.signature))) ?? 'null') as Record<string, unknown>;
      expect(rec).toMatchObject({
        count: 1,
        hostname: h,
        signature: c.signature,
        sample: 'charlie down',
        correlation_id: c.correlationId,
      });
      // Every key the counter writes carries a TTL, the index included (the guide's "keys without a TTL" check).
      for (const key of [k.unhandled(h, c.signature), k.unhandledTriggered(h, a.signature), k.unhandledIndex])
        expect(await redis.ttl(key)).toBeGreaterThan(0);
    }
  });

  it('a signature whose window has ended gives its place back', async () => {
    const h = host('expire');
    const base = await t.backends.unhandled.trackedSignatures();
    const limits = { threshold: 100, windowSeconds: 1, maxSignatures: base + 2 };
    const [a, b, c] = ['one gone', 'two gone', 'three gone'].map((m) => hit(h, m)) as [UnhandledHit, UnhandledHit, UnhandledHit];
    expect(await t.backends.unhandled.record([a, b, c], limits)).toEqual(['counted', 'counted', 'overflow']);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await t.backends.unhandled.record([c], limits)).toEqual(['counted']);
    expect(await t.backends.unhandled.trackedSignatures()).toBe(base + 1);
  });

  it('200,000 unhandled events from 10 hosts with random words leave at most 50,000 signatures', async () => {
    const before = redis ? await usedMemory(redis) : 0;
    const words = randomWords(8);
    const hosts = Array.from({ length: 10 }, (_, i) => `flood-${i}-${randomUUID().slice(0, 6)}`);
    const counts: Record<UnhandledOutcome, number> = { counted: 0, fired: 0, suppressed: 0, overflow: 0, disabled: 0 };
    const started = Date.now();
    for (let done = 0; done < 200_000; done += 500) {
      const batch = Array.from({ length: 500 }, (_, i): UnhandledHit => {
        const text = `%FLOOD-4-NOISE: ${words(10)}`;
        return {
          hostname: hosts[(done + i) % hosts.length] ?? 'flood',
          signature: unhandledSignature(text),
          correlationId: `flood-${done + i}`,
          sample: text,
        };
      });
      for (const o of await t.backends.unhandled.record(batch, DAY)) counts[o]++;
    }
    const tookMs = Date.now() - started;
    const tracked = await t.backends.unhandled.trackedSignatures();
    // Earlier tests in this file hold a few places; everything else is this flood's.
    expect(tracked).toBeLessThanOrEqual(50_000);
    expect(counts.counted).toBeGreaterThan(49_900);
    expect(counts.counted + counts.overflow).toBe(200_000);
    let line = `unhandled flood (${testProfile}): 200000 events in ${tookMs} ms, tracked=${tracked}, overflow=${counts.overflow}`;
    if (redis) {
      const keys = await scanCount(redis, `${t.backends.keys.unhandledPrefix}*`);
      const grown = (await usedMemory(redis)) - before;
      expect(keys).toBeLessThanOrEqual(50_000);
      expect(grown).toBeLessThan(100 * 1024 * 1024);
      line += `, mutt:unhandled:* keys=${keys}, used_memory +${(grown / 1048576).toFixed(1)} MiB`;
    }
    console.log(line);
  });
});
