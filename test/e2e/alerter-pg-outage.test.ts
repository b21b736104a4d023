// Issue 3, PostgreSQL outage: a real `mutt alerter` reaches PostgreSQL through a TCP proxy that the test cuts for
// 20 s (the figure) while events keep flowing. During the cut /health must say 503 and nothing may be
// dead-lettered (an outage is not the events' fault); after the restore processing must resume by itself and every
// event must be audited. The batch stays in the processing list and is retried with backoff 0.5 → 1 → 2 → 4 → 8 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { auditCounts, createAlerterEnv, event, pushEvents, seedRules, type AlerterEnv } from './support/alerter-env.js';
import { startPgProxy, type PgProxy } from './support/alerter-pg-proxy.js';

// The 20 s outage.
const CUT_MS = 20_000;
const PER_TICK = 50;
const TICK_MS = 100;
let t: AlerterEnv;
let proxy: PgProxy;

beforeAll(async () => {
  t = await createAlerterEnv('pgout', { ALERTER_QUEUE_SHED_THRESHOLD: '1000000', ALERTER_QUEUE_WARN_THRESHOLD: '1000000' });
  await seedRules(t.db, [{ rule_name: 'all', pattern: 'OUTAGE', prod_handling: 'Page_and_ticket' }]);
  proxy = await startPgProxy();
});

afterAll(async () => {
  await t?.cleanup();
  await proxy?.close();
});

describe('alerter through a PostgreSQL outage (real process, TCP proxy cut)', () => {
  it('reports 503, dead-letters nothing, resumes by itself and audits every event', async () => {
    const a = await t.startAlerter('pgout-a', { DB_PORT: String(proxy.port) });
    const sent: string[] = [];
    let producing = true;
    // Bounded producer: PER_TICK events every TICK_MS until told to stop (at most ~30 s → ~15,000 events).
    const producer = (async () => {
      const deadline = Date.now() + 30_000;
      while (producing && Date.now() < deadline) {
        const batch: string[] = [];
        for (let i = 0; i < PER_TICK; i++) {
          const cid = `pg-${sent.length + i}`;
          batch.push(event(cid, `router-${i % 7}`, `OUTAGE test ${cid}`));
        }
        await pushEvents(t.redis, t.key('mutt:ingest_queue'), batch);
        for (let i = 0; i < PER_TICK; i++) sent.push(`pg-${sent.length}`);
        await new Promise((r) => setTimeout(r, TICK_MS));
      }
    })();
    const dlqLen = (): Promise<number> => t.redis.llen(t.key('mutt:dlq:alerter'));

    // Events are flowing and being audited before the cut.
    await waitFor(
      async () => (await t.db.query('SELECT 1 FROM event_audit_log LIMIT 1')).rowCount === 1,
      30_000,
      'first audit rows',
    );
    proxy.cut();
    const cutAt = Date.now();
    const sentAtCut = sent.length;
    await waitFor(async () => (await fetch(a.healthUrl)).status === 503, 8_000, '/health 503 during the cut', 100);
    const healthBody = (await (await fetch(a.healthUrl)).json()) as { errors?: string[] };
    expect(healthBody.errors).toContain('PostgreSQL: unavailable');
    // Stay cut for CUT_MS, checking the DLQ and /health all along.
    let healthyDuringCut = 0;
    while (Date.now() - cutAt < CUT_MS) {
      expect(await dlqLen()).toBe(0);
      if ((await fetch(a.healthUrl)).status !== 503) healthyDuringCut++;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(healthyDuringCut).toBe(0);
    const backlog = await t.redis.llen(t.key('mutt:ingest_queue'));
    expect(sent.length).toBeGreaterThan(sentAtCut); // events kept arriving during the outage
    proxy.restore();
    const restoredAt = Date.now();
    producing = false;
    await producer;

    // Nothing restarts the alerter: it must resume on its own.
    await waitFor(async () => (await fetch(a.healthUrl)).status === 200, 45_000, '/health 200 after the restore', 100);
    const drained = await waitFor(
      async () => {
        const depth =
          (await t.redis.llen(t.key('mutt:ingest_queue'))) + (await t.redis.llen(t.key('mutt:processing:alerter:pgout-a')));
        if (depth > 0) return false;
        const audited = await auditCounts(t.db);
        return sent.every((cid) => audited.has(cid)) ? audited : false;
      },
      60_000,
      'every event audited after the restore',
      250,
    );
    const dupes = [...drained.values()].reduce((s, n) => s + n - 1, 0);
    console.log(
      `alerter-pg-outage: events=${sent.length} cut=${CUT_MS}ms backlog_at_restore=${backlog} resumed_in=${((Date.now() - restoredAt) / 1000).toFixed(1)}s duplicates=${dupes} dlq=${await dlqLen()}`,
    );
    expect(await dlqLen()).toBe(0);
    expect(a.proc.child.exitCode).toBeNull();
    expect(a.proc.output()).toMatch(/PostgreSQL unavailable, keeping \d+ events/);
  }, 150_000);
});
