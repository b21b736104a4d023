// A stuck PostgreSQL must not hang the alerter. A real `mutt alerter` reaches PostgreSQL through a TCP proxy that
// (a) holds every byte for 10 s without closing anything, then resumes, and (b) leaves every open connection silent
// forever while new connections work (a failover, or a NAT/firewall that dropped the flow). In both cases /health must
// report the stall, nothing may be dead-lettered, and every event must be audited, counted exactly, by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import {
  auditCounts,
  createAlerterEnv,
  event,
  pushEvents,
  seedRules,
  type AlerterEnv,
  type AlerterPod,
} from './support/alerter-env.js';
import { startPgProxy, type PgProxy } from './support/alerter-pg-proxy.js';

const PER_TICK = 20;
const TICK_MS = 100;
let t: AlerterEnv | undefined;
let proxy: PgProxy | undefined;

afterEach(async () => {
  await t?.cleanup();
  await proxy?.close();
  t = undefined;
  proxy = undefined;
});

async function setUp(tag: string): Promise<{ env: AlerterEnv; px: PgProxy; a: AlerterPod }> {
  const env = await createAlerterEnv(tag, { ALERTER_QUEUE_SHED_THRESHOLD: '1000000', ALERTER_QUEUE_WARN_THRESHOLD: '1000000' });
  t = env;
  await seedRules(env.db, [{ rule_name: 'all', pattern: 'STALL', prod_handling: 'Page_and_ticket' }]);
  const px = await startPgProxy();
  proxy = px;
  const a = await env.startAlerter(`${tag}-a`, { DB_PORT: String(px.port) });
  return { env, px, a };
}

/** Bounded producer: PER_TICK events every TICK_MS until stop() (at most 40 s). */
function produce(env: AlerterEnv, tag: string): { sent: string[]; stop(): Promise<void> } {
  const sent: string[] = [];
  let producing = true;
  const done = (async () => {
    const deadline = Date.now() + 40_000;
    while (producing && Date.now() < deadline) {
      const cids = Array.from({ length: PER_TICK }, (_, i) => `${tag}-${sent.length + i}`);
      await pushEvents(
        env.redis,
        env.key('mutt:ingest_queue'),
        cids.map((cid, i) => event(cid, `router-${i % 7}`, `STALL test ${cid}`)),
      );
      sent.push(...cids);
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  })();
  return {
    sent,
    stop: async () => {
      producing = false;
      await done;
    },
  };
}

const status = async (url: string): Promise<number> => (await fetch(url)).status;

/** Resolves when every sent event has an audit row and the queues are empty; returns the audit counts. */
async function allAudited(
  env: AlerterEnv,
  pod: string,
  sent: readonly string[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  return waitFor(
    async () => {
      const depth =
        (await env.redis.llen(env.key('mutt:ingest_queue'))) + (await env.redis.llen(env.key(`mutt:processing:alerter:${pod}`)));
      if (depth > 0) return false;
      const audited = await auditCounts(env.db);
      return sent.every((cid) => audited.has(cid)) ? audited : false;
    },
    timeoutMs,
    'every event audited',
    250,
  );
}

describe('alerter behind a stuck PostgreSQL (real process, TCP proxy that holds bytes)', () => {
  it('(a) a 10 s stall that ends: /health 503 during it, nothing dead-lettered, every event audited shortly after', async () => {
    const { env, px, a } = await setUp('pgstall');
    const p = produce(env, 'sa');
    await waitFor(
      async () => (await env.db.query('SELECT 1 FROM event_audit_log LIMIT 1')).rowCount === 1,
      30_000,
      'first audit rows',
    );
    px.stall();
    const stalledAt = Date.now();
    await waitFor(async () => (await status(a.healthUrl)) === 503, 8_000, '/health 503 during the stall', 100);
    const body = (await (await fetch(a.healthUrl)).json()) as { errors?: string[] };
    expect(body.errors?.some((e) => e.startsWith('PostgreSQL'))).toBe(true);
    while (Date.now() - stalledAt < 10_000) {
      expect(await env.redis.llen(env.key('mutt:dlq:alerter'))).toBe(0);
      await new Promise((r) => setTimeout(r, 250));
    }
    px.resume();
    const resumedAt = Date.now();
    await p.stop();
    const audited = await allAudited(env, a.pod, p.sent, 30_000);
    const tookS = (Date.now() - resumedAt) / 1000;
    console.log(`alerter-pg-stall (a): events=${p.sent.length} stall=10s all_audited_after_resume=${tookS.toFixed(1)}s`);
    expect(audited.size).toBe(p.sent.length);
    expect(await env.redis.llen(env.key('mutt:dlq:alerter'))).toBe(0);
    await waitFor(async () => (await status(a.healthUrl)) === 200, 15_000, '/health 200 after the stall', 100);
    expect(a.proc.child.exitCode).toBeNull();
  }, 90_000);

  it('(b) open connections silent forever, new ones work: recovers by itself and audits every event within 60 s', async () => {
    const { env, px, a } = await setUp('pgsilent');
    const p = produce(env, 'sb');
    await waitFor(
      async () => (await env.db.query('SELECT 1 FROM event_audit_log LIMIT 1')).rowCount === 1,
      30_000,
      'first audit rows',
    );
    const acceptedBefore = px.accepted;
    px.blackholeExisting();
    const silentAt = Date.now();
    await waitFor(async () => (await status(a.healthUrl)) === 503, 15_000, '/health 503 while writes are stuck', 100);
    // Keep producing for a few seconds into the failure, so events arrive while the alerter is stuck.
    while (Date.now() - silentAt < 5_000) await new Promise((r) => setTimeout(r, 100));
    await p.stop();
    let audited: Map<string, number> | undefined;
    try {
      audited = await allAudited(env, a.pod, p.sent, 60_000 - (Date.now() - silentAt));
    } finally {
      const got = audited ?? (await auditCounts(env.db));
      const missing = p.sent.filter((cid) => !got.has(cid)).length;
      console.log(
        `alerter-pg-stall (b): events=${p.sent.length} missing=${missing} after=${((Date.now() - silentAt) / 1000).toFixed(1)}s new_connections=${px.accepted - acceptedBefore}`,
      );
    }
    expect(audited.size).toBe(p.sent.length);
    expect(px.accepted).toBeGreaterThan(acceptedBefore); // the silent connections were replaced, not waited on
    expect(await env.redis.llen(env.key('mutt:dlq:alerter'))).toBe(0);
    await waitFor(async () => (await status(a.healthUrl)) === 200, 15_000, '/health 200 after recovery', 100);
    expect(a.proc.child.exitCode).toBeNull();
  }, 100_000);
});
