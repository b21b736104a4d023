// Redis connections that go silent forever while new ones work (a failover, or a NAT/firewall that dropped the flow),
// seen by a real `mutt alerter` through a TCP proxy: its command, Lua and blocking-pop connections all stop answering
// at once. It must notice (/health 503), reconnect by itself and audit every event within 60 s, nothing lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { auditCounts, createAlerterEnv, event, pushEvents, seedRules, type AlerterEnv } from './support/alerter-env.js';

const PER_TICK = 20;
const TICK_MS = 100;
let t: AlerterEnv;
let proxy: TcpProxy;

beforeAll(async () => {
  t = await createAlerterEnv('rsilent', { ALERTER_QUEUE_SHED_THRESHOLD: '1000000', ALERTER_QUEUE_WARN_THRESHOLD: '1000000' });
  await seedRules(t.db, [{ rule_name: 'all', pattern: 'SILENT', prod_handling: 'Page_and_ticket' }]);
  proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
});

afterAll(async () => {
  await proxy?.close();
  await t?.cleanup();
});

describe('alerter behind Redis connections that go silent (real process, TCP proxy black hole)', () => {
  it('reports it, reconnects by itself and audits every event within 60 s', async () => {
    // The operator's default REDIS_SOCKET_TIMEOUT (5 s); the test's producer writes to Redis directly.
    const a = await t.startAlerter('rsilent-a', { REDIS_PORT: String(proxy.port) });
    const sent: string[] = [];
    let producing = true;
    const producer = (async () => {
      const deadline = Date.now() + 40_000;
      while (producing && Date.now() < deadline) {
        const cids = Array.from({ length: PER_TICK }, (_, i) => `rs-${sent.length + i}`);
        await pushEvents(
          t.redis,
          t.key('mutt:ingest_queue'),
          cids.map((cid, i) => event(cid, `router-${i % 7}`, `SILENT test ${cid}`)),
        );
        sent.push(...cids);
        await new Promise((r) => setTimeout(r, TICK_MS));
      }
    })();
    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM event_audit_log LIMIT 1')).rowCount === 1,
      30_000,
      'first audit rows',
    );
    const acceptedBefore = proxy.accepted;
    proxy.blackholeExisting();
    const silentAt = Date.now();
    await waitFor(async () => (await fetch(a.healthUrl)).status === 503, 15_000, '/health 503 while Redis is silent', 100);
    while (Date.now() - silentAt < 5_000) await new Promise((r) => setTimeout(r, 100));
    producing = false;
    await producer;
    const processing = t.key('mutt:processing:alerter:rsilent-a');
    let audited: Map<string, number> | undefined;
    try {
      audited = await waitFor(
        async () => {
          const depth = (await t.redis.llen(t.key('mutt:ingest_queue'))) + (await t.redis.llen(processing));
          if (depth > 0) return false;
          const got = await auditCounts(t.db);
          return sent.every((cid) => got.has(cid)) ? got : false;
        },
        60_000 - (Date.now() - silentAt),
        'every event audited',
        250,
      );
    } finally {
      const got = audited ?? (await auditCounts(t.db));
      console.log(
        `alerter-redis-silent: events=${sent.length} missing=${sent.filter((c) => !got.has(c)).length} after=${((Date.now() - silentAt) / 1000).toFixed(1)}s new_connections=${proxy.accepted - acceptedBefore}`,
      );
    }
    expect(audited.size).toBe(sent.length);
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    expect(await t.redis.llen(t.key('mutt:dlq:alerter'))).toBe(0);
    await waitFor(async () => (await fetch(a.healthUrl)).status === 200, 15_000, '/health 200 after recovery', 100);
    expect(a.proc.child.exitCode).toBeNull();
  }, 120_000);
});
