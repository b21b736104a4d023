import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisProfile } from '../../helpers/backends.js';
import { openRedisFixture, waitFor, type RedisAdapter, type RedisFixture } from './redis-fixture.js';

describe.skipIf(!isRedisProfile)('redis rate limiter, heartbeats and pub/sub (needs redis-postgres profile)', () => {
  let fx: RedisFixture;
  let second: RedisAdapter;
  beforeAll(async () => {
    fx = await openRedisFixture();
    second = await fx.another();
  });
  afterAll(async () => {
    await fx?.cleanup();
  });

  it('rate limiter allows exactly max per window across two clients and says how long to wait', async () => {
    const key = fx.keys.rateLimit('ingestor');
    const calls = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? fx.backends : second).rateLimiter.acquire(key, 10, 60_000));
    const decisions = await Promise.all(calls);
    const allowed = decisions.filter((d) => d.allowed);
    const refused = decisions.filter((d) => !d.allowed);
    expect(allowed).toHaveLength(10);
    expect(allowed.every((d) => d.waitMs === 0)).toBe(true);
    for (const d of refused) {
      expect(d.waitMs).toBeGreaterThan(55_000);
      expect(d.waitMs).toBeLessThanOrEqual(60_000);
    }
    expect(await second.rateLimiter.count(key, 60_000)).toBe(10);
    const ttl = await fx.backends.redis.pttl(key);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
    await fx.backends.rateLimiter.reset(key);
    expect(await fx.backends.rateLimiter.count(key, 60_000)).toBe(0);
    expect((await second.rateLimiter.acquire(key, 10, 60_000)).allowed).toBe(true);
  });

  it('rate limiter frees a slot when the oldest request leaves the window, after about waitMs', async () => {
    const key = fx.keys.rateLimit('moog');
    const rl = fx.backends.rateLimiter;
    expect((await rl.acquire(key, 2, 400)).allowed).toBe(true);
    expect((await rl.acquire(key, 2, 400)).allowed).toBe(true);
    const refused = await rl.acquire(key, 2, 400);
    expect(refused.allowed).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(0);
    expect(refused.waitMs).toBeLessThanOrEqual(400);
    // Waiting the advertised time (plus a little for the round trip) must be enough.
    await new Promise((r) => setTimeout(r, refused.waitMs + 30));
    expect((await rl.acquire(key, 2, 400)).allowed).toBe(true);
    // Members use the server clock (ms) with a random suffix, so concurrent calls never collide.
    const members = await fx.backends.redis.zrange(key, '0', '-1');
    expect(members.every((m) => /^\d{13}:[0-9a-f]+$/.test(m))).toBe(true);
  });

  it('heartbeats: beat with TTL, read, and compare-and-delete on remove', async () => {
    const hb = fx.backends.heartbeats;
    await hb.beat('alerter', 'pod-1', 'inst-A', 30);
    expect(await hb.read('alerter', 'pod-1')).toBe('inst-A');
    expect(await fx.backends.redis.get(fx.keys.heartbeat('alerter', 'pod-1'))).toBe('inst-A');
    const ttl = await fx.backends.redis.ttl(fx.keys.heartbeat('alerter', 'pod-1'));
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);
    // A newer instance took over the pod name: the old instance's shutdown must not delete it.
    await second.heartbeats.beat('alerter', 'pod-1', 'inst-B', 30);
    await hb.remove('alerter', 'pod-1', 'inst-A');
    expect(await hb.read('alerter', 'pod-1')).toBe('inst-B');
    await second.heartbeats.remove('alerter', 'pod-1', 'inst-B');
    expect(await hb.read('alerter', 'pod-1')).toBeNull();
    expect(await hb.read('moog', 'never')).toBeNull();
  });

  it('heartbeats expire with their TTL', async () => {
    const hb = fx.backends.heartbeats;
    await hb.beat('moog', 'pod-ttl', 'inst', 1);
    expect(await hb.read('moog', 'pod-ttl')).toBe('inst');
    await waitFor(async () => (await hb.read('moog', 'pod-ttl')) === null, 4_000, 'heartbeat expiry');
  });

  it('pub/sub round trip across clients, per-handler unsubscribe', async () => {
    const channel = fx.keys.channels.rulesUpdates;
    const gotA: string[] = [];
    const gotB: string[] = [];
    const unA = await second.pubsub.subscribe(channel, (m) => gotA.push(m));
    const unB = await second.pubsub.subscribe(channel, (m) => gotB.push(m));
    await fx.backends.pubsub.publish(channel, '{"entity":"alert_rules","operation":"update"}');
    await waitFor(() => gotA.length === 1 && gotB.length === 1, 5_000, 'both handlers');
    expect(gotA[0]).toBe('{"entity":"alert_rules","operation":"update"}');
    await unA();
    await fx.backends.pubsub.publish(channel, 'second');
    await waitFor(() => gotB.length === 2, 5_000, 'remaining handler');
    expect(gotA).toHaveLength(1);
    await unB();
    await unB(); // idempotent
    // With every handler gone, the channel is really unsubscribed on the server.
    await waitFor(async () => (await fx.backends.redis.publish(channel, 'nobody')) === 0, 5_000, 'server-side unsubscribe');
  });

  it('a throwing handler does not stop the other handlers', async () => {
    const channel = fx.keys.channels.configUpdates;
    const got: string[] = [];
    const un1 = await fx.backends.pubsub.subscribe(channel, () => {
      throw new Error('boom');
    });
    const un2 = await fx.backends.pubsub.subscribe(channel, (m) => got.push(m));
    await second.pubsub.publish(channel, 'ingest_max_rate');
    await waitFor(() => got.length === 1, 5_000, 'second handler');
    await un1();
    await un2();
  });
});
