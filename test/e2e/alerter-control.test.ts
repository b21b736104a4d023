// Issue 3 (reload, backpressure) and issue 5 (dynamic config from the CLI) against real `mutt alerter` processes.
// Reload: a rule changed in SQL applies within 1 s of SIGHUP and of a publish on mutt:rules:updates; a reload while
// PostgreSQL is cut fails (counter +1) and the old rules keep matching. Backpressure: a raw SET of
// mutt:config:alerter_queue_shed_threshold (what `redis-cli SET` does) makes the alerter shed the oldest events into
// mutt:dlq:alerter with the guide's log text; `mutt config --set … --publish` lifts it within 1 s and is in --history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import {
  auditCounts,
  createAlerterEnv,
  dlqEntries,
  event,
  metric,
  pushEvents,
  seedRules,
  type AlerterEnv,
  type AlerterPod,
} from './support/alerter-env.js';
import { startPgProxy, type PgProxy } from './support/alerter-pg-proxy.js';

let t: AlerterEnv;
let proxy: PgProxy;
let ruleId = 0;
let seq = 0;

beforeAll(async () => {
  t = await createAlerterEnv('ctl');
  ruleId = (await seedRules(t.db, [{ rule_name: 'reloadable', pattern: 'RELOADME', prod_handling: 'Ignore' }]))
    .reloadable as number;
  proxy = await startPgProxy();
});

afterAll(async () => {
  await t?.cleanup();
  await proxy?.close();
});

async function handlingOf(cid: string): Promise<string | undefined> {
  const r = await t.db.query<{ handling_decision: string }>(
    'SELECT handling_decision FROM event_audit_log WHERE correlation_id = $1',
    [cid],
  );
  return r.rows[0]?.handling_decision;
}

async function setHandling(handling: string): Promise<void> {
  await t.db.query('UPDATE alert_rules SET prod_handling = $1 WHERE id = $2', [handling, ruleId]);
}

/**
 * After `trigger`, sends one matching probe every 50 ms and returns how long after the trigger the first audit row
 * routed by `expected` was written, checking that no later probe goes back to the old handling.
 */
async function probeUntil(trigger: () => Promise<void> | void, expected: string): Promise<number> {
  const sent: { cid: string; at: number }[] = [];
  const t0 = Date.now();
  await trigger();
  const firstNew = await waitFor(
    async () => {
      const cid = `ctl-${seq++}`;
      sent.push({ cid, at: Date.now() });
      await t.redis.lpush(t.key('mutt:ingest_queue'), event(cid, 'core-1', `RELOADME probe ${cid}`));
      for (const s of sent) if ((await handlingOf(s.cid)) === expected) return s;
      return undefined;
    },
    5_000,
    `a probe routed as ${expected}`,
    50,
  );
  const tookMs = Date.now() - t0;
  // Probes sent after the first new-rule one must all use the new rule too.
  const later = sent.filter((s) => s.at > firstNew.at).map((s) => s.cid);
  await waitFor(async () => (await auditCounts(t.db)).size >= seq, 5_000, 'all probes audited');
  for (const cid of later) expect(await handlingOf(cid)).toBe(expected);
  return tookMs;
}

describe('rule reload (real process)', () => {
  let a: AlerterPod;

  it('applies a SQL change within 1 s of SIGHUP and of a mutt:rules:updates publish', async () => {
    a = await t.startAlerter('ctl-reload', { DB_PORT: String(proxy.port) });
    // The seeded rule is in force: Ignore.
    const before = `ctl-${seq++}`;
    await t.redis.lpush(t.key('mutt:ingest_queue'), event(before, 'core-1', 'RELOADME first'));
    await waitFor(async () => (await handlingOf(before)) === 'Ignore', 10_000, 'first event routed as Ignore');

    await setHandling('Page_only');
    const viaHup = await probeUntil(() => {
      process.kill(a.proc.pid, 'SIGHUP');
    }, 'Page_only');
    await setHandling('Ticket_only');
    const viaPublish = await probeUntil(async () => {
      await t.redis.publish(t.key('mutt:rules:updates'), `rule:${ruleId}`);
    }, 'Ticket_only');
    console.log(`alerter-control: new rule in force ${viaHup} ms after SIGHUP, ${viaPublish} ms after publish`);
    expect(viaHup).toBeLessThan(1000);
    expect(viaPublish).toBeLessThan(1000);
    await a.proc.waitForOutput(/SIGHUP received\. Triggering manual cache reload\./, 5_000);
  });

  it('keeps the old rules when a reload fails because PostgreSQL is unreachable', async () => {
    const failures0 = await metric(a.metricsUrl, 'mutt_alerter_cache_reload_failures_total');
    proxy.cut();
    await setHandling('Page_and_ticket'); // written through the direct pool, not the cut proxy
    process.kill(a.proc.pid, 'SIGHUP');
    await waitFor(
      async () => (await metric(a.metricsUrl, 'mutt_alerter_cache_reload_failures_total')) > failures0,
      5_000,
      'reload failure counted',
    );
    // Matched during the cut (audit waits for the database; the decision was taken with the rules in memory).
    const during = `ctl-${seq++}`;
    await t.redis.lpush(t.key('mutt:ingest_queue'), event(during, 'core-1', 'RELOADME during the cut'));
    await waitFor(async () => (await t.redis.llen(t.key('mutt:ingest_queue'))) === 0, 5_000, 'event claimed during the cut');
    proxy.restore();
    const after = `ctl-${seq++}`;
    await t.redis.lpush(t.key('mutt:ingest_queue'), event(after, 'core-1', 'RELOADME after the restore'));
    await waitFor(
      async () => (await handlingOf(during)) !== undefined && (await handlingOf(after)) !== undefined,
      45_000,
      'both events audited after the restore',
    );
    expect(await handlingOf(during)).toBe('Ticket_only');
    expect(await handlingOf(after)).toBe('Ticket_only');
    expect(a.proc.output()).toMatch(/Cache reload failed, keeping the previous cache/);
    // The next successful reload picks the change up.
    expect(
      await probeUntil(() => {
        process.kill(a.proc.pid, 'SIGHUP');
      }, 'Page_and_ticket'),
    ).toBeLessThan(1000);
    a.proc.kill('SIGTERM');
    expect(await a.proc.exited).toBe(0);
  });
});

describe('backpressure and dynamic config (real process, real CLI)', () => {
  it('sheds the oldest events after a raw SET of the threshold, and `mutt config --set --publish` lifts it within 1 s', async () => {
    await setHandling('Ignore');
    const N = 1000;
    const cids = Array.from({ length: N }, (_, i) => `bp-${i}`);
    // Oldest first: LPUSH order means bp-0 is consumed first.
    await pushEvents(
      t.redis,
      t.key('mutt:ingest_queue'),
      cids.map((c) => event(c, 'core-2', `RELOADME backlog ${c}`)),
    );
    await t.redis.set(t.key('mutt:config:alerter_queue_shed_threshold'), '100');
    // A long local cache: only the publish (not the cache TTL) can make the later change visible within 1 s.
    const b = await t.startAlerter('ctl-bp', { DYNAMIC_CONFIG_CACHE_TTL: '120', ALERTER_BATCH_SIZE: '100' });
    const dlqKey = t.key('mutt:dlq:alerter');
    await waitFor(
      async () =>
        (await t.redis.llen(t.key('mutt:ingest_queue'))) === 0 &&
        (await t.redis.llen(t.key('mutt:processing:alerter:ctl-bp'))) === 0,
      30_000,
      'backlog drained',
    );
    const shed = await dlqEntries(t.redis, dlqKey);
    const audited = await auditCounts(t.db);
    const shedIds = shed.map((e) => String(e._correlation_id));
    expect(shed.length).toBeGreaterThan(0);
    expect(shed.length).toBeLessThanOrEqual(N - 100); // never below the threshold
    for (const e of shed) expect(e._dlq_reason).toBe('shed_backpressure');
    expect(shedIds).toContain('bp-0'); // the oldest event is the first to go
    // Every backlog event is either shed or audited, exactly once.
    for (const c of cids) expect([shedIds.includes(c), audited.get(c) === 1].filter(Boolean).length, c).toBe(1);
    await b.proc.waitForOutput(/Backpressure: Queue depth \d+ exceeds shed threshold 100, shedding event/, 10_000);
    console.log(`alerter-control: shed ${shed.length}/${N} at threshold 100`);

    // Issue 5: the operator raises the threshold with the real CLI.
    await t.cli(['config', '--set', 'alerter_queue_shed_threshold', '5000', '--publish']);
    const setAt = Date.now();
    const more = Array.from({ length: N }, (_, i) => `bp2-${i}`);
    await pushEvents(
      t.redis,
      t.key('mutt:ingest_queue'),
      more.map((c) => event(c, 'core-2', `RELOADME second ${c}`)),
    );
    expect(Date.now() - setAt).toBeLessThan(1000); // the whole backlog was in place within 1 s of the change
    await waitFor(
      async () => {
        const a2 = await auditCounts(t.db);
        return more.every((c) => a2.has(c));
      },
      30_000,
      'second backlog audited',
    );
    expect(await t.redis.llen(dlqKey)).toBe(shed.length); // nothing more shed
    const history = await t.cli(['config', '--history', 'alerter_queue_shed_threshold']);
    expect(history).toMatch(/5000/);
  });
});
