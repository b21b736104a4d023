// The ingest route's mapping of back-end failures, with our own ports stubbed (no Redis/PG involved).
import { staticSecrets } from '../../../src/app/static-secrets.js';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../src/services/runtime/service-contract.js';
import { loadConfig } from '../../../src/config/load.js';
import { createKeys } from '../../../src/core/keys.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Backends } from '../../../src/ports/backends.js';
import { buildIngestorApp } from '../../../src/services/ingestor/index.js';

function stubBackends(over: Partial<Backends>): Backends {
  const fail = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  const handler: ProxyHandler<object> = { get: () => fail };
  return {
    profile: 'redis-postgres',
    keys: createKeys(),
    queues: new Proxy({}, handler) as Backends['queues'],
    pubsub: new Proxy({}, handler) as Backends['pubsub'],
    heartbeats: new Proxy({}, handler) as Backends['heartbeats'],
    rateLimiter: { acquire: fail, count: fail, reset: fail },
    // readFaults is a synchronous counter read (the /metrics collector), not a back-end call.
    configStore: new Proxy(
      {},
      { get: (_t, p) => (p === 'readFaults' ? () => ({ invalid: 0, errors: 0 }) : fail) },
    ) as Backends['configStore'],
    eventCounters: { pushCounted: fail, read: fail },
    sql: new Proxy({}, handler) as Backends['sql'],
    store: new Proxy({}, handler) as Backends['store'],
    queueHealthy: async () => false,
    storeHealthy: async () => false,
    close: async () => undefined,
    ...over,
  } as Backends;
}

async function build(env: Record<string, string> = {}) {
  const config = loadConfig({ INGEST_API_KEY: 'k', DYNAMIC_CONFIG_ENABLED: 'false', ...env });
  const ctx: ServiceContext = {
    config,
    backends: stubBackends({}),
    logger: silentLogger(),
    podName: 'p',
    instanceId: randomUUID(),
    secrets: staticSecrets(config),
  };
  return buildIngestorApp(ctx);
}

describe('ingest with a failing back end', () => {
  it('enqueue error → 503 reason redis with Retry-After; health 503', async () => {
    const { app, metrics, dispose } = await build({ INGEST_RATE_LIMIT_ENABLED: 'false' });
    const res = await app.inject({ method: 'POST', url: '/ingest', payload: '{"message":"m"}', headers: { 'x-api-key': 'k' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({
      message: 'Service Unavailable - Redis error',
      error: { code: 'MUTT_BACKEND_UNAVAILABLE' },
    });
    expect(res.body).not.toContain('ECONNREFUSED');
    expect(await metrics.registry.metrics()).toContain('mutt_ingest_requests_total{status="fail",reason="redis"} 1');
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unhealthy', redis: 'disconnected' });
    await app.close();
    dispose();
  });

  it('a failing rate limiter fails open (the request still reaches the queue step)', async () => {
    const { app, dispose } = await build({ INGEST_RATE_LIMIT_ENABLED: 'true' });
    const res = await app.inject({ method: 'POST', url: '/ingest', payload: '{"message":"m"}', headers: { 'x-api-key': 'k' } });
    expect(res.json().error.code).toBe('MUTT_BACKEND_UNAVAILABLE');
    await app.close();
    dispose();
  });

  it('refuses to start without an API key', async () => {
    const config = loadConfig({ DYNAMIC_CONFIG_ENABLED: 'false' });
    const ctx: ServiceContext = {
      config,
      backends: stubBackends({}),
      logger: silentLogger(),
      podName: 'p',
      instanceId: randomUUID(),
      secrets: staticSecrets(config),
    };
    await expect(buildIngestorApp(ctx)).rejects.toThrow(/INGEST_API_KEY/);
  });
});
