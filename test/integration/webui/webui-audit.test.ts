// Event and config audit endpoints: every filter, pagination edges, stable ordering, and (PostgreSQL) index use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisProfile } from '../../helpers/backends.js';
import { sampleRule, startHarness, type WebuiHarness } from './harness.js';

let h: WebuiHarness;
let ruleA = 0;
let ruleB = 0;

beforeAll(async () => {
  h = await startHarness();
  ruleA = (await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'ra' })).json().id;
  ruleB = (await h.call('POST', '/api/v2/rules', { ...sampleRule, rule_name: 'rb', pattern: 'link down' })).json().id;
  const base = Date.parse('2025-11-10T10:00:00Z');
  const rows = Array.from({ length: 30 }, (_, i) => ({
    // Pairs share a timestamp so ordering must fall back to id.
    event_timestamp: new Date(base + Math.floor(i / 2) * 60_000),
    hostname: i % 3 === 0 ? 'router-1' : 'switch-9',
    matched_rule_id: i % 2 === 0 ? ruleA : ruleB,
    handling_decision: i % 2 === 0 ? 'Page_and_ticket' : 'Ignore',
    forwarded_to_moog: i % 2 === 0,
    raw_message: JSON.stringify({ hostname: 'x', message: `event ${i}`, _correlation_id: `cid-${i}` }),
    correlation_id: `cid-${i}`,
  }));
  await h.tb.backends.store.insertEventAudit(rows);
});
afterAll(async () => h?.close());

describe('event audit API', () => {
  it('pages newest first with an id tiebreak and exact totals', async () => {
    const p1 = (await h.call('GET', '/api/v2/audit-logs?limit=7')).json();
    expect(p1.pagination).toEqual({ page: 1, limit: 7, total: 30, pages: 5, total_is_estimate: false });
    const all = [];
    for (let page = 1; page <= 5; page++)
      all.push(...(await h.call('GET', `/api/v2/audit-logs?limit=7&page=${page}`)).json().logs);
    expect(all).toHaveLength(30);
    expect(new Set(all.map((l: { id: number }) => l.id)).size).toBe(30);
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1];
      const b = all[i];
      expect(a.event_timestamp > b.event_timestamp || (a.event_timestamp === b.event_timestamp && a.id > b.id)).toBe(true);
    }
    expect((await h.call('GET', '/api/v2/audit-logs?page=99')).json().logs).toEqual([]);
    expect((await h.call('GET', '/api/v2/audit-logs?page=-3&limit=1000')).json().pagination).toMatchObject({
      page: 1,
      limit: 200,
    });
    expect((await h.call('GET', '/api/v2/audit-logs?limit=0')).json().pagination.limit).toBe(1);
    expect((await h.call('GET', '/api/v2/audit-logs?limit=zz')).json().pagination.limit).toBe(50);
  });

  it('applies every filter and rejects bad ones with 400', async () => {
    const q = async (qs: string) => (await h.call('GET', `/api/v2/audit-logs?${qs}`)).json();
    expect((await q('hostname=router-1')).pagination.total).toBe(10);
    expect((await q(`rule_id=${ruleB}`)).pagination.total).toBe(15);
    expect((await q('start_date=2025-11-10T10:10:00Z')).pagination.total).toBe(10);
    expect((await q('end_date=2025-11-10T10:00:00Z')).pagination.total).toBe(2);
    expect((await q('end_date=2025-11-10')).pagination.total).toBe(30);
    expect((await q('start_date=2025-11-11')).pagination.total).toBe(0);
    expect((await q('decision=Ignore')).pagination.total).toBe(15);
    expect((await q('forwarded=true&hostname=router-1')).pagination.total).toBe(5);
    const one = await q('correlation_id=cid-7');
    expect(one.logs).toHaveLength(1);
    expect(one.logs[0]).toMatchObject({ correlation_id: 'cid-7', matched_rule_id: ruleB, forwarded_to_moog: false });
    for (const bad of ['rule_id=abc', 'start_date=yesterday', 'end_date=2025-13-45', 'forwarded=maybe']) {
      const r = await h.call('GET', `/api/v2/audit-logs?${bad}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().code).toBe('MUTT_VALIDATION');
    }
    expect((await h.call('GET', '/api/v1/audit-logs?limit=1')).json()).toEqual(
      (await h.call('GET', '/api/v2/audit-logs?limit=1')).json(),
    );
  });

  it.runIf(isRedisProfile)('uses indexes, not sequential scans, for the hot filters on PostgreSQL', async () => {
    const sql = h.tb.backends.sql;
    await sql.query('SET enable_seqscan = off');
    try {
      const plans = [
        'SELECT * FROM event_audit_log ORDER BY event_timestamp DESC, id DESC LIMIT 50',
        "SELECT * FROM event_audit_log WHERE lower(hostname) = lower('router-1') ORDER BY event_timestamp DESC LIMIT 50",
        `SELECT * FROM event_audit_log WHERE matched_rule_id = ${ruleA} ORDER BY event_timestamp DESC LIMIT 50`,
        "SELECT * FROM event_audit_log WHERE event_timestamp >= '2025-11-10T10:00:00Z' AND event_timestamp <= '2025-11-10T11:00:00Z' ORDER BY event_timestamp DESC LIMIT 50",
        "SELECT * FROM event_audit_log WHERE correlation_id = 'cid-7'",
      ];
      for (const p of plans) {
        const res = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${p}`);
        const text = res.rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(text, p).not.toMatch(/Seq Scan on event_audit_log/);
        expect(text, p).toMatch(/Index/);
      }
    } finally {
      await sql.query('RESET enable_seqscan');
    }
  });
});

describe('config audit API', () => {
  it('filters by every parameter; /audit and /config-audit differ only in the array key', async () => {
    const changes = (await h.call('GET', '/api/v2/config-audit?limit=1')).json();
    expect(changes.changes).toHaveLength(1);
    expect(changes.pagination.total).toBe(2);
    const logs = (await h.call('GET', '/api/v2/audit?limit=1')).json();
    expect(logs.logs).toEqual(changes.changes);
    const full = await h.call(
      'GET',
      `/api/v2/config-audit?changed_by=webui_api&table_name=alert_rules&record_id=${ruleA}&operation=create&start_date=2000-01-01&end_date=2999-12-31`,
    );
    expect(full.statusCode).toBe(200);
    expect(full.json().changes).toHaveLength(1);
    expect(full.json().changes[0].new_values).toMatchObject({ rule_name: 'ra' });
    expect((await h.call('GET', '/api/v2/config-audit?changed_by=%25')).json().pagination.total).toBe(0);
    expect((await h.call('GET', '/api/v2/config-audit?operation=explode')).json().error).toBe(
      'operation must be one of: CREATE, UPDATE, DELETE',
    );
    expect((await h.call('GET', '/api/v2/config-audit?record_id=x')).statusCode).toBe(400);
    expect((await h.call('GET', '/api/v2/config-audit?start_date=nope')).statusCode).toBe(400);
  });
});
