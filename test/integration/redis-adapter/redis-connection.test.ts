// Connection behaviour against a throwaway redis-server started here (password fallback, outage, reconnect).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisBackends } from '../../../src/adapters/redis/index.js';
import { createRedisClient, reconnectDelay } from '../../../src/adapters/redis/connection.js';
import { loadConfig } from '../../../src/config/load.js';
import { createKeys } from '../../../src/core/keys.js';
import { MuttError } from '../../../src/core/errors.js';
import { silentLogger, type Logger } from '../../../src/observability/logger.js';
import { isRedisProfile } from '../../helpers/backends.js';
import { waitFor } from './redis-fixture.js';
import { freePort } from '../../support/free-port.js';

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(port, '127.0.0.1');
  });
}

const started: ChildProcess[] = [];

async function startRedis(port: number, password?: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (password !== undefined) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  started.push(child);
  await waitFor(() => canConnect(port), 5_000, `redis-server on ${port}`);
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function startSentinel(port: number, masterPort: number, dir: string): Promise<ChildProcess> {
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`, ''].join('\n'),
  );
  const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  started.push(child);
  await waitFor(() => canConnect(port), 5_000, `sentinel on ${port}`);
  return child;
}

function capturingLogger(lines: string[]): Logger {
  const push = (m: string, f?: Record<string, unknown>): void => {
    lines.push(`${m} ${f ? JSON.stringify(f) : ''}`);
  };
  const l: Logger = {
    debug: push,
    info: push,
    warning: push,
    error: push,
    critical: push,
    child: () => l,
    flush: () => undefined,
  };
  return l;
}

describe.skipIf(!isRedisProfile)('redis connection (needs redis-postgres profile and redis-server)', () => {
  afterEach(async () => {
    for (const c of started.splice(0)) await stopRedis(c);
  });

  it('reconnect backoff goes 1 s, 2 s, 4 s … and caps at 30 s without a limit', () => {
    expect([1, 2, 3, 4, 5, 6, 100].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('falls back from REDIS_PASS_CURRENT to REDIS_PASS_NEXT when the server refuses CURRENT', async () => {
    const port = await freePort();
    await startRedis(port, 'next-secret-pw');
    const lines: string[] = [];
    const config = loadConfig({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(port),
      REDIS_PASS_CURRENT: 'old-secret-pw',
      REDIS_PASS_NEXT: 'next-secret-pw',
    });
    const backends = await createRedisBackends(config, createKeys({ prefix: 't:' }), capturingLogger(lines));
    try {
      expect(await backends.queueHealthy()).toBe(true);
      // Extra connections (blocking claim, subscriber) reuse the password that worked.
      await backends.queues.push('t:q', ['m']);
      expect((await backends.queues.claim('t:q', 't:p', 1, 100)).map((m) => m.body)).toEqual(['m']);
      expect(await backends.queues.claim('t:q', 't:p', 1, 100)).toEqual([]);
      const got: string[] = [];
      await backends.pubsub.subscribe('t:chan', (m) => got.push(m));
      await backends.pubsub.publish('t:chan', 'hello');
      await waitFor(() => got.length === 1, 5_000, 'message');
    } finally {
      await backends.close();
    }
    expect(lines.some((l) => l.includes('WRONGPASS'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret-pw');
  });

  it('fails with the server text and no password when every password is refused', async () => {
    const port = await freePort();
    await startRedis(port, 'real-pw');
    const lines: string[] = [];
    const config = loadConfig({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(port),
      REDIS_PASS_CURRENT: 'wrong-1',
      REDIS_PASS_NEXT: 'wrong-2',
    });
    const err = await createRedisClient(config, capturingLogger(lines)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MuttError);
    expect((err as MuttError).code).toBe('MUTT_BACKEND_UNAVAILABLE');
    expect((err as MuttError).message).toMatch(/WRONGPASS/);
    expect((err as MuttError).message).not.toMatch(/wrong-1|wrong-2/);
    expect(lines.join('\n')).not.toMatch(/wrong-1|wrong-2/);
  });

  it('fails fast at startup when Redis is unreachable, keeping the connect error text', async () => {
    const port = await freePort();
    const config = loadConfig({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port) });
    const t0 = Date.now();
    await expect(createRedisClient(config, silentLogger())).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('finds the master through Sentinel when REDIS_SENTINELS is set', async () => {
    const masterPort = await freePort();
    const sentinelPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'mutt-sentinel-'));
    try {
      await startRedis(masterPort);
      await startSentinel(sentinelPort, masterPort, dir);
      const config = loadConfig({ REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_MASTER: 'mymaster' });
      const backends = await createRedisBackends(config, createKeys({ prefix: 't:' }), silentLogger());
      try {
        expect(await backends.queueHealthy()).toBe(true);
        await backends.queues.push('t:q', ['via-sentinel']);
        expect((await backends.queues.claim('t:q', 't:p', 1, 100)).map((m) => m.body)).toEqual(['via-sentinel']);
        // The connection really goes to the master the Sentinel names.
        expect(await backends.redis.info('server')).toContain(`tcp_port:${masterPort}`);
      } finally {
        await backends.close();
      }
    } finally {
      for (const c of started.splice(0)) await stopRedis(c);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports unhealthy while Redis is down, fails commands fast, and recovers by itself', async () => {
    const port = await freePort();
    let server = await startRedis(port);
    const lines: string[] = [];
    const config = loadConfig({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port) });
    const backends = await createRedisBackends(config, createKeys({ prefix: 't:' }), capturingLogger(lines));
    try {
      await backends.queues.push('t:q', ['before']);
      // Open a blocking connection too, so the outage hits every kind of connection.
      expect((await backends.queues.claim('t:q', 't:p', 1, 100)).map((m) => m.body)).toEqual(['before']);
      await stopRedis(server);
      await waitFor(async () => !(await backends.queueHealthy()), 5_000, 'unhealthy');
      const t0 = Date.now();
      await expect(backends.queues.depth('t:q')).rejects.toThrow();
      await expect(backends.queues.claim('t:q', 't:p', 1, 5_000)).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(3_000);
      await waitFor(() => lines.some((l) => l.includes('Redis connection lost (command)')), 5_000, 'outage log line');
      server = await startRedis(port);
      // First retries come after 1 s, 2 s, 4 s: allow a little over their sum.
      await waitFor(() => backends.queueHealthy(), 15_000, 'healthy again');
      await backends.queues.push('t:q', ['after']);
      await waitFor(
        async () => (await backends.queues.claim('t:q', 't:p', 1, 200).catch(() => [])).length === 1,
        15_000,
        'blocking claim after reconnect',
      );
      expect(lines.some((l) => l.includes('Redis connection restored'))).toBe(true);
    } finally {
      await backends.close();
    }
  });
});
