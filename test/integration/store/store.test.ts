import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlStore, hostRecordId } from '../../../src/adapters/sql/store.js';
import { MuttError } from '../../../src/core/errors.js';
import type { AlertRuleInput, EventAuditRow, Store } from '../../../src/ports/store.js';
import type { SqlClient } from '../../../src/ports/sql.js';
import { openSqlFixture, type SqlFixture } from './sql-fixture.js';

let fx: SqlFixture;
let sql: SqlClient;
let store: Store;
beforeAll(async () => {
  fx = await openSqlFixture();
  sql = fx.sql;
  store = createSqlStore(sql);
});
afterAll(async () => {
  await fx?.cleanup();
});

const ctx = { changedBy: 'tester', reason: 'because', correlationId: 'cid-1' };
let seq = 0;
function ruleInput(over: Partial<AlertRuleInput> = {}): AlertRuleInput {
  seq += 1;
  return {
    rule_name: `rule_${seq}`,
    pattern: `PATTERN-${seq}`,
    trap_oid: null,
    syslog_severity: null,
    match_type: 'contains',
    priority: 100,
    prod_handling: 'Page_and_ticket',
    dev_handling: 'Ignore',
    team_assignment: 'NetOps',
    enabled: true,
    ...over,
  };
}

async function auditRows(table: string, recordId: number) {
  const page = await store.queryConfigAudit({ page: 1, limit: 50, tableName: table, recordId });
  return [...page.items].reverse(); // oldest first
}

function eventRow(over: Partial<EventAuditRow> & Pick<EventAuditRow, 'matched_rule_id'>): EventAuditRow {
  return {
    event_timestamp: new Date(),
    hostname: 'host-a',
    handling_decision: 'Page_and_ticket',
    forwarded_to_moog: true,
    raw_message: '{}',
    correlation_id: '',
    ...over,
  };
}

describe('Store: rules', () => {
  it('create/update/delete each write their audit_logs row in the same transaction', async () => {
    const created = await store.createRule(ruleInput({ priority: 7 }), ctx);
    expect(created.id).toBeGreaterThan(0);
    expect(await store.getRule(created.id)).toEqual(created);

    const updated = await store.updateRule(created.id, { priority: 3, enabled: false }, { changedBy: 'alice' });
    expect(updated).toMatchObject({ id: created.id, priority: 3, enabled: false, pattern: created.pattern });

    expect(await store.deleteRule(created.id, { changedBy: 'bob', reason: 'cleanup' })).toBe('deleted');
    expect(await store.getRule(created.id)).toBeNull();

    const audit = await auditRows('alert_rules', created.id);
    expect(audit.map((a) => a.operation)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    const [c, u, d] = audit;
    expect(c).toMatchObject({ changed_by: 'tester', reason: 'because', correlation_id: 'cid-1', old_values: null });
    expect(c?.new_values).toMatchObject({ rule_name: created.rule_name, priority: 7 });
    expect(u?.old_values).toMatchObject({ priority: 7, enabled: true });
    expect(u?.new_values).toMatchObject({ priority: 3, enabled: false });
    expect(u).toMatchObject({ changed_by: 'alice', reason: null, correlation_id: null });
    expect(d).toMatchObject({ changed_by: 'bob', reason: 'cleanup', new_values: null });
    expect(d?.old_values).toMatchObject({ id: created.id, priority: 3 });
    expect(c?.timestamp).toBeInstanceOf(Date);
  });

  it('update/delete of a missing rule: null / not_found and no audit row', async () => {
    expect(await store.updateRule(999_999, { priority: 1 }, ctx)).toBeNull();
    expect(await store.deleteRule(999_999, ctx)).toBe('not_found');
    expect(await auditRows('alert_rules', 999_999)).toEqual([]);
  });

  it('delete of a rule with event audit rows answers in_use and keeps the rule (FK RESTRICT)', async () => {
    const rule = await store.createRule(ruleInput(), ctx);
    await store.insertEventAudit([eventRow({ matched_rule_id: rule.id })]);
    expect(await store.deleteRule(rule.id, ctx)).toBe('in_use');
    expect(await store.getRule(rule.id)).not.toBeNull();
    expect((await auditRows('alert_rules', rule.id)).map((a) => a.operation)).toEqual(['CREATE']);
  });

  it('a duplicate rule_name is a MUTT_CONFLICT and a bad severity a MUTT_VALIDATION, with nothing audited', async () => {
    const rule = await store.createRule(ruleInput(), ctx);
    const before = (await store.queryConfigAudit({ page: 1, limit: 1 })).total;
    const dup = await store.createRule(ruleInput({ rule_name: rule.rule_name }), ctx).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(MuttError);
    expect((dup as MuttError).code).toBe('MUTT_CONFLICT');
    const bad = await store.updateRule(rule.id, { syslog_severity: 9 }, ctx).catch((e: unknown) => e);
    expect((bad as MuttError).code).toBe('MUTT_VALIDATION');
    expect((await store.queryConfigAudit({ page: 1, limit: 1 })).total).toBe(before);
  });

  it('loadEnabledRules returns enabled rules by priority then id; listRules filters and searches literally', async () => {
    const a = await store.createRule(ruleInput({ priority: 1, pattern: 'load_100%_x' }), ctx);
    const b = await store.createRule(ruleInput({ priority: 1 }), ctx);
    const off = await store.createRule(ruleInput({ priority: 0, enabled: false }), ctx);
    const enabled = await store.loadEnabledRules();
    expect(enabled.some((r) => r.id === off.id)).toBe(false);
    const ids = enabled.map((r) => r.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    const prios = enabled.map((r) => r.priority);
    expect([...prios].sort((x, y) => x - y)).toEqual(prios);
    expect((await store.listRules({ enabled: false })).map((r) => r.id)).toContain(off.id);
    expect((await store.listRules({ search: '100%_' })).map((r) => r.id)).toEqual([a.id]);
    expect(await store.listRules({ search: 'zz%no-such' })).toEqual([]);
  });
});

describe('Store: dev hosts and device teams (case-insensitive)', () => {
  it('adds, detects duplicates in any case, removes, and audits each change', async () => {
    expect(await store.addDevHost('Dev-Router-1', ctx)).toBe('created');
    expect(await store.addDevHost('dev-router-1', ctx)).toBe('exists');
    expect(await store.listDevHosts()).toContain('Dev-Router-1');
    expect(await store.loadDevHosts()).toContain('Dev-Router-1');
    expect(await store.removeDevHost('DEV-ROUTER-1', ctx)).toBe(true);
    expect(await store.removeDevHost('dev-router-1', ctx)).toBe(false);
    const audit = await auditRows('dev_hosts', hostRecordId('dev-router-1'));
    expect(audit.map((a) => a.operation)).toEqual(['CREATE', 'DELETE']);
    expect(audit[0]?.new_values).toEqual({ hostname: 'Dev-Router-1' });
    expect(audit[1]?.old_values).toEqual({ hostname: 'Dev-Router-1' });
  });

  it('upserts teams (created, then updated in another case), looks up case-insensitively, removes, audits', async () => {
    expect(await store.upsertDeviceTeam({ hostname: 'Core-SW-1', team_assignment: 'NetOps' }, ctx)).toBe('created');
    expect(await store.upsertDeviceTeam({ hostname: 'core-sw-1', team_assignment: 'Security' }, ctx)).toBe('updated');
    expect(await store.getDeviceTeam('CORE-SW-1')).toEqual({ hostname: 'Core-SW-1', team_assignment: 'Security' });
    expect((await store.listDeviceTeams()).filter((t) => t.hostname.toLowerCase() === 'core-sw-1')).toHaveLength(1);
    expect(await store.loadDeviceTeams()).toContainEqual({ hostname: 'Core-SW-1', team_assignment: 'Security' });
    expect(await store.removeDeviceTeam('core-SW-1', ctx)).toBe(true);
    expect(await store.getDeviceTeam('core-sw-1')).toBeNull();
    expect(await store.removeDeviceTeam('core-sw-1', ctx)).toBe(false);
    const audit = await auditRows('device_teams', hostRecordId('core-sw-1'));
    expect(audit.map((a) => a.operation)).toEqual(['CREATE', 'UPDATE', 'DELETE']);
    expect(audit[1]).toMatchObject({
      old_values: { hostname: 'Core-SW-1', team_assignment: 'NetOps' },
      new_values: { hostname: 'Core-SW-1', team_assignment: 'Security' },
    });
  });

  it('recordConfigChange writes a dynamic_config row; queryConfigAudit filters and paginates', async () => {
    await store.recordConfigChange(
      'dynamic_config',
      4242,
      'UPDATE',
      { v: 1 },
      { v: 2 },
      { changedBy: 'ops_100%', correlationId: 'x'.repeat(128) },
    );
    const page = await store.queryConfigAudit({ page: 1, limit: 10, changedBy: '100%', tableName: 'dynamic_config' });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ record_id: 4242, operation: 'UPDATE', old_values: { v: 1 }, new_values: { v: 2 } });
    expect(page.items[0]?.correlation_id).toHaveLength(128);
    expect((await store.queryConfigAudit({ page: 1, limit: 10, changedBy: 'ops_1000' })).total).toBe(0);
    const all = await store.queryConfigAudit({ page: 1, limit: 2 });
    const p2 = await store.queryConfigAudit({ page: 2, limit: 2 });
    expect(all.items).toHaveLength(2);
    expect(p2.items[0]?.id).not.toBe(all.items[0]?.id);
    expect(all.items[0]!.timestamp.getTime()).toBeGreaterThanOrEqual(all.items[1]!.timestamp.getTime());
    const ops = await store.queryConfigAudit({ page: 1, limit: 200, operation: 'DELETE' });
    expect(ops.items.every((r) => r.operation === 'DELETE')).toBe(true);
  });
});

describe('Store: event audit', () => {
  it('inserts a large batch (several 1000-row chunks) in one transaction and fills correlation_id', async () => {
    const rule = await store.createRule(ruleInput(), ctx);
    const base = Date.parse('2026-01-10T00:00:00Z');
    const rows: EventAuditRow[] = Array.from({ length: 2500 }, (_, i) =>
      eventRow({
        matched_rule_id: rule.id,
        event_timestamp: new Date(base + i * 1000),
        hostname: i % 2 === 0 ? 'Edge-FW-02' : 'core-router-01',
        forwarded_to_moog: i % 5 === 0,
        raw_message: JSON.stringify({ message: `m${i}`, _correlation_id: `raw-${i}`, correlation_id: `raw-${i}` }),
        correlation_id: i === 0 ? 'explicit-0' : '',
      }),
    );
    await store.insertEventAudit(rows);
    const all = await store.queryEventAudit({ page: 1, limit: 10, ruleId: rule.id });
    expect(all.total).toBe(2500);
    expect(all.items[0]?.event_timestamp.toISOString()).toBe(new Date(base + 2499 * 1000).toISOString());
    expect(all.items[0]?.correlation_id).toBe('raw-2499');
    const first = await store.queryEventAudit({ page: 1, limit: 5, correlationId: 'explicit-0' });
    expect(first.total).toBe(1);
    const host = await store.queryEventAudit({ page: 3, limit: 100, ruleId: rule.id, hostname: 'edge-fw-02' });
    expect(host.total).toBe(1250);
    expect(host.items).toHaveLength(100);
    expect(host.items.every((r) => r.hostname === 'Edge-FW-02')).toBe(true);
    const fwd = await store.queryEventAudit({ page: 1, limit: 1, ruleId: rule.id, forwarded: true });
    expect(fwd.total).toBe(500);
    const range = await store.queryEventAudit({
      page: 1,
      limit: 1000,
      ruleId: rule.id,
      startDate: new Date(base + 10_000),
      endDate: new Date(base + 19_000),
    });
    expect(range.total).toBe(10);
    // Stable ordering across pages: no overlap, no gap.
    const p1 = await store.queryEventAudit({ page: 1, limit: 700, ruleId: rule.id });
    const p2 = await store.queryEventAudit({ page: 2, limit: 700, ruleId: rule.id });
    const ids = new Set([...p1.items, ...p2.items].map((r) => r.id));
    expect(ids.size).toBe(1400);
    const recent = await store.recentEventAudit(3);
    expect(recent).toHaveLength(3);
  });

  it('a batch with one bad row writes nothing (one transaction)', async () => {
    const rule = await store.createRule(ruleInput(), ctx);
    const rows = [eventRow({ matched_rule_id: rule.id }), eventRow({ matched_rule_id: 987_654 })];
    await expect(store.insertEventAudit(rows)).rejects.toThrow();
    expect((await store.queryEventAudit({ page: 1, limit: 1, ruleId: rule.id })).total).toBe(0);
  });

  it('the hot dashboard filters can use indexes', async () => {
    const plans = await sql.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const out: string[] = [];
      for (const q of [
        'SELECT * FROM event_audit_log ORDER BY event_timestamp DESC, id DESC LIMIT 50',
        "SELECT * FROM event_audit_log WHERE lower(hostname) = lower('x') ORDER BY event_timestamp DESC LIMIT 50",
        'SELECT * FROM event_audit_log WHERE matched_rule_id = 1 ORDER BY event_timestamp DESC LIMIT 50',
        "SELECT * FROM event_audit_log WHERE correlation_id = 'abc'",
        "SELECT * FROM audit_logs WHERE table_name = 'alert_rules' AND record_id = 1",
      ]) {
        const { rows } = await tx.query<Record<string, string>>(`EXPLAIN ${q}`);
        out.push(rows.map((r) => Object.values(r)[0]).join('\n'));
      }
      return out;
    });
    for (const plan of plans) expect(plan).toMatch(/Index/);
  });
});
