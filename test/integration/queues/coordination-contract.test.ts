// PubSub, Heartbeats and RateLimiter behave the same on both profiles.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueHarness, profileUnderTest, waitFor, type QueueHarness } from './harness.js';

describe(`Coordination contract (${profileUnderTest})`, () => {
  let h: QueueHarness;

  beforeAll(async () => {
    h = await openQueueHarness();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('pub/sub delivers to subscribers asynchronously and stops after unsubscribe', async () => {
    const { pubsub } = h.backends;
    const chan = h.name('chan');
    const other = h.name('other');
    const got: string[] = [];
    const gotOther: string[] = [];
    const unsubscribe = await pubsub.subscribe(chan, (m) => got.push(m));
    await pubsub.subscribe(other, (m) => gotOther.push(m));
    const published = pubsub.publish(chan, '{"entity":"alert_rules","operation":"update"}');
    expect(got).toEqual([]); // never run on the publisher's stack
    await published;
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['{"entity":"alert_rules","operation":"update"}']);
    await unsubscribe();
    await pubsub.publish(chan, 'after-unsubscribe');
    await pubsub.publish(other, 'marker');
    await waitFor(() => gotOther.length === 1);
    expect(got).toHaveLength(1);
  });

  it('a throwing subscriber does not stop delivery to others', async () => {
    const { pubsub } = h.backends;
    const chan = h.name('chan');
    const got: string[] = [];
    await pubsub.subscribe(chan, () => {
      throw new Error('subscriber bug');
    });
    await pubsub.subscribe(chan, (m) => got.push(m));
    await pubsub.publish(chan, 'one');
    await pubsub.publish(chan, 'two');
    await waitFor(() => got.length === 2);
    expect(got).toEqual(['one', 'two']);
  });

  it('heartbeats are read back, removed only by their owner, and expire', async () => {
    const { heartbeats } = h.backends;
    const pod = `hb-${randomBytes(4).toString('hex')}`;
    expect(await heartbeats.read('alerter', pod)).toBeNull();
    await heartbeats.beat('alerter', pod, 'instance-a', 30);
    expect(await heartbeats.read('alerter', pod)).toBe('instance-a');
    await heartbeats.remove('alerter', pod, 'instance-b');
    expect(await heartbeats.read('alerter', pod)).toBe('instance-a');
    await heartbeats.remove('alerter', pod, 'instance-a');
    expect(await heartbeats.read('alerter', pod)).toBeNull();

    await heartbeats.beat('alerter', pod, 'instance-c', 1);
    expect(await heartbeats.read('alerter', pod)).toBe('instance-c');
    await waitFor(async () => (await heartbeats.read('alerter', pod)) === null, 4_000, 100);
  });

  it('the rate limiter allows exactly max per window, then reports a wait', async () => {
    const { rateLimiter } = h.backends;
    const key = h.name('rate');
    const windowMs = 1_000;
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await rateLimiter.acquire(key, 5, windowMs));
    expect(decisions.slice(0, 5).every((d) => d.allowed && d.waitMs === 0)).toBe(true);
    const refused = decisions[5];
    expect(refused?.allowed).toBe(false);
    expect(refused?.waitMs).toBeGreaterThan(0);
    expect(refused?.waitMs).toBeLessThanOrEqual(windowMs);
    expect(await rateLimiter.count(key, windowMs)).toBe(5);
    // The window slides: once the oldest grant ages out, a slot frees up.
    await waitFor(async () => (await rateLimiter.acquire(key, 5, windowMs)).allowed, 3_000, 50);
    await rateLimiter.reset(key);
    expect(await rateLimiter.count(key, windowMs)).toBe(0);
    expect((await rateLimiter.acquire(key, 1, windowMs)).allowed).toBe(true);
    expect((await rateLimiter.acquire(key, 1, windowMs)).allowed).toBe(false);
    await rateLimiter.reset(key);
  });

  it('queueHealthy answers true while the back end is up', async () => {
    expect(await h.backends.queueHealthy()).toBe(true);
  });
});
