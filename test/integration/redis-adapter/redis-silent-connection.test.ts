// Redis reached through a TCP proxy whose open connections go silent forever while new ones work (a failover, or a
// NAT/firewall that dropped the flow). Commands, Lua calls and blocking pops must give up within their bound and the
// adapter must carry on over new connections by itself.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { isRedisProfile } from '../../helpers/backends.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { openRedisFixture, waitFor, type RedisFixture } from './redis-fixture.js';

// REDIS_SOCKET_TIMEOUT's minimum, so the bounds stay short.
const SOCKET_TIMEOUT_MS = 1_000;
const SLACK_MS = 1_500;
let proxy: TcpProxy | undefined;
let fx: RedisFixture | undefined;
let direct: Redis | undefined;

afterEach(async () => {
  await fx?.cleanup();
  await proxy?.close();
  direct?.disconnect();
  fx = undefined;
  proxy = undefined;
  direct = undefined;
});

async function open(): Promise<{ f: RedisFixture; px: TcpProxy; q: string; p: string }> {
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
  fx = await openRedisFixture({ REDIS_PORT: String(proxy.port), REDIS_SOCKET_TIMEOUT: String(SOCKET_TIMEOUT_MS / 1000) });
  direct = new Redis({ host: '127.0.0.1', port: 6379 });
  return { f: fx, px: proxy, q: fx.keys.ingestQueue, p: fx.keys.processing('alerter', 'silent') };
}

/** Settles with how long `p` took and its error, if any. */
async function timed(p: Promise<unknown>): Promise<{ ms: number; err: unknown }> {
  const t0 = Date.now();
  try {
    await p;
    return { ms: Date.now() - t0, err: undefined };
  } catch (err) {
    return { ms: Date.now() - t0, err };
  }
}

describe.skipIf(!isRedisProfile)('redis adapter on connections that go silent (TCP proxy black hole)', () => {
  it('a Lua call on a silent connection fails within REDIS_SOCKET_TIMEOUT and the next calls work over a new connection', async () => {
    const { f, px, q } = await open();
    await f.backends.queues.pushBounded(q, ['before'], 1000);
    const acceptedBefore = px.accepted;
    px.blackholeExisting();
    const silentAt = Date.now();
    const first = await timed(f.backends.queues.pushBounded(q, ['lost-or-not'], 1000));
    expect(first.err).toBeInstanceOf(Error);
    expect(first.ms).toBeLessThan(SOCKET_TIMEOUT_MS + SLACK_MS);
    // Reconnect backoff starts at 1 s: within a few seconds Lua calls succeed again, by themselves.
    await waitFor(
      async () =>
        f.backends.queues.pushBounded(q, ['after'], 1000).then(
          () => true,
          () => false,
        ),
      8_000,
      'a Lua call succeeding again',
    );
    expect(Date.now() - silentAt).toBeLessThan(8_000);
    expect(px.accepted).toBeGreaterThan(acceptedBefore);
    expect(await direct?.lrange(q, 0, -1)).toContain('after');
  }, 30_000);

  it('a blocking pop on a silent connection is abandoned after its wait plus REDIS_SOCKET_TIMEOUT and the next one gets the message', async () => {
    const { f, px, q, p } = await open();
    // Opens the dedicated blocking connection (empty queue: the claim blocks, then times out server-side).
    expect(await f.backends.queues.claim(q, p, 10, 200)).toEqual([]);
    px.blackholeExisting();
    // The command connection is silent too: wait until it has been replaced, so the claim below reaches BLMOVE.
    await waitFor(
      async () =>
        f.backends.queues.depth(q).then(
          () => true,
          () => false,
        ),
      8_000,
      'command connection replaced',
    );
    const waitMs = 1_000;
    const stuck = await timed(f.backends.queues.claim(q, p, 10, waitMs));
    expect((stuck.err as { code?: string } | undefined)?.code).toBe('MUTT_BACKEND_UNAVAILABLE');
    expect(stuck.ms).toBeGreaterThanOrEqual(waitMs);
    expect(stuck.ms).toBeLessThan(waitMs + SOCKET_TIMEOUT_MS + SLACK_MS);
    // The next pop runs on a new connection: a message pushed while it waits is delivered.
    const next = f.backends.queues.claim(q, p, 10, 3_000);
    setTimeout(() => void direct?.lpush(q, 'after-blackhole'), 300);
    const got = await next;
    expect(got.map((m) => m.body)).toEqual(['after-blackhole']);
  }, 30_000);
});
