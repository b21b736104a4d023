// Issue 3, crash safety: two real `mutt alerter` pods consume 20,000 events; one is SIGKILLed when about a third is
// done and a replacement (new POD_NAME) starts. The janitor must hand the dead pod's processing list back, and every
// event must end up accounted for. "Accounted" per outcome:
//   - matched (forwarding or not): at least one row in event_audit_log with its correlation_id;
//   - unmatched: each has its own hostname, so its unhandled counter mutt:unhandled:<host>:<sig> is a per-event
//     trace (the JSON record carries the correlation_id; count > 1 means it was processed more than once);
//   - malformed (no message): an entry in mutt:dlq:alerter with _dlq_reason and the correlation id.
// Duplicates (at-least-once after the crash) are allowed, counted and printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import {
  auditCounts,
  createAlerterEnv,
  dlqEntries,
  event,
  pushEvents,
  seedRules,
  type AlerterEnv,
} from './support/alerter-env.js';

const TOTAL = 20_000;
let t: AlerterEnv;

beforeAll(async () => {
  // No shedding here: this test is about crashes, and a 20k backlog is over the default shed threshold.
  t = await createAlerterEnv('crash', {
    ALERTER_QUEUE_SHED_THRESHOLD: '1000000',
    ALERTER_QUEUE_WARN_THRESHOLD: '1000000',
    UNHANDLED_THRESHOLD: '1000',
  });
  await seedRules(t.db, [
    { rule_name: 'fwd', pattern: 'LINKDOWN', prod_handling: 'Page_and_ticket' },
    { rule_name: 'quiet', pattern: 'AUDITONLY', prod_handling: 'Ignore' },
  ]);
});

afterAll(async () => {
  await t?.cleanup();
});

type Kind = 'fwd' | 'quiet' | 'unmatched' | 'malformed';

function kindOf(i: number): Kind {
  if (i % 100 === 99) return 'malformed';
  const r = i % 10;
  return r < 5 ? 'fwd' : r < 8 ? 'quiet' : 'unmatched';
}

async function processingDepths(): Promise<number> {
  const lists = await t.redis.keys(`${t.key('mutt:processing:alerter:')}*`);
  let n = 0;
  for (const l of lists) n += await t.redis.llen(l);
  return n;
}

async function unhandledTrace(): Promise<Map<string, number>> {
  const keys = (await t.redis.keys(`${t.key('mutt:unhandled:')}*`)).filter((k) => !k.endsWith(':triggered'));
  const out = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 500) {
    const vals = await t.redis.mget(...keys.slice(i, i + 500));
    for (const v of vals) {
      if (v === null) continue;
      const rec = JSON.parse(v) as { correlation_id: string; count: number };
      out.set(rec.correlation_id, (out.get(rec.correlation_id) ?? 0) + rec.count);
    }
  }
  return out;
}

describe('alerter crash safety (real processes, SIGKILL)', () => {
  it('loses no event when one of two pods is killed mid-stream', async () => {
    const started = Date.now();
    const a = await t.startAlerter('crash-a');
    const b = await t.startAlerter('crash-b');
    const kinds = new Map<string, Kind>();
    const bodies: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const cid = `crash-${i}`;
      const k = kindOf(i);
      kinds.set(cid, k);
      const text = k === 'fwd' ? `LINKDOWN port ${i}` : k === 'quiet' ? `AUDITONLY note ${i}` : `nobody cares ${i}`;
      // Unmatched events get their own host so each has its own unhandled counter (the per-event trace).
      const host = k === 'unmatched' ? `host-u${i}` : `router-${i % 50}`;
      bodies.push(
        k === 'malformed'
          ? JSON.stringify({ hostname: host, timestamp: new Date().toISOString(), _correlation_id: cid })
          : event(cid, host, text),
      );
    }
    await pushEvents(t.redis, t.key('mutt:ingest_queue'), bodies);

    // Kill pod A with SIGKILL once about a third of the events has left the ingest queue.
    await waitFor(
      async () => (await t.redis.llen(t.key('mutt:ingest_queue'))) <= (TOTAL * 2) / 3,
      90_000,
      'a third processed',
      20,
    );
    // …at a moment when it holds a claimed batch, so the janitor has something to hand back.
    const procA = t.key('mutt:processing:alerter:crash-a');
    const inFlightA = await waitFor(async () => t.redis.llen(procA), 10_000, 'pod A holding a batch', 1);
    a.proc.kill('SIGKILL');
    expect(await a.proc.exited).toBe('SIGKILL');
    const c = await t.startAlerter('crash-c');

    await waitFor(
      async () => (await t.redis.llen(t.key('mutt:ingest_queue'))) === 0 && (await processingDepths()) === 0,
      120_000,
      'ingest queue and processing lists drained',
      200,
    );

    const audited = await auditCounts(t.db);
    const unhandled = await unhandledTrace();
    const dlq = await dlqEntries(t.redis, t.key('mutt:dlq:alerter'));
    const dlqByCid = new Map<string, number>();
    for (const e of dlq) {
      expect(e._dlq_reason, JSON.stringify(e)).toEqual(expect.any(String));
      const cid = String(e._correlation_id);
      dlqByCid.set(cid, (dlqByCid.get(cid) ?? 0) + 1);
    }
    const alerts = (await t.redis.lrange(t.key('mutt:alert_queue'), 0, -1)).map(
      (s) => JSON.parse(s) as { correlation_id: string },
    );
    const alerted = new Set(alerts.map((x) => x.correlation_id));
    const missing: string[] = [];
    const wrongPlace: string[] = [];
    let duplicates = 0;
    for (const [cid, k] of kinds) {
      const seen =
        k === 'unmatched' ? (unhandled.get(cid) ?? 0) : k === 'malformed' ? (dlqByCid.get(cid) ?? 0) : (audited.get(cid) ?? 0);
      if (seen === 0) missing.push(`${cid}(${k})`);
      duplicates += Math.max(0, seen - 1);
      // An event must only take its own path: a matched event never in the DLQ, a malformed one never audited.
      if (k !== 'malformed' && dlqByCid.has(cid)) wrongPlace.push(`${cid}(${k}) in DLQ`);
      if (k !== 'fwd' && k !== 'quiet' && audited.has(cid)) wrongPlace.push(`${cid}(${k}) audited`);
      // Forwarding events raised an alert; no other event did.
      if ((k === 'fwd') !== alerted.has(cid)) wrongPlace.push(`${cid}(${k}) alert=${alerted.has(cid)}`);
    }
    const recovered = [b, c]
      .map((p) =>
        [...p.proc.output().matchAll(/Janitor: recovered (\d+) messages from \S+crash-a/g)].reduce((n, m) => n + Number(m[1]), 0),
      )
      .reduce((x, y) => x + y, 0);
    const fwdCount = [...kinds.values()].filter((k) => k === 'fwd').length;
    console.log(
      `alerter-crash: events=${TOTAL} killed=crash-a (in flight ${inFlightA}, janitor recovered ${recovered}) audited_rows=${[...audited.values()].reduce((s, n) => s + n, 0)} ` +
        `unhandled_traced=${unhandled.size} dlq=${dlq.length} alerts=${alerts.length}/${fwdCount} missing=${missing.length} duplicates=${duplicates} ` +
        `took=${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    expect(missing.slice(0, 20)).toEqual([]);
    expect(wrongPlace.slice(0, 20)).toEqual([]);
    expect(alerts.length).toBeGreaterThanOrEqual(fwdCount);
    // The survivors are still healthy.
    for (const p of [b, c]) expect((await fetch(p.healthUrl)).status).toBe(200);
  }, 180_000);
});
