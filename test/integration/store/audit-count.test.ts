// pagination.total of the event audit is exact up to 10,000 matching rows, then an estimate flagged as such
// (an exact COUNT(*) over 1M rows made every dashboard page cost ~0.5 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXACT_COUNT_LIMIT } from '../../../src/adapters/sql/store-audit.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';

let tb: TestBackends;
let ruleA = 0;
let ruleB = 0;

async function insertRows(n: number, ruleId: number, offsetMinutes: number): Promise<void> {
  await tb.backends.sql.query(
    `INSERT INTO event_audit_log (event_timestamp, hostname, matched_rule_id, handling_decision, forwarded_to_moog, raw_message, correlation_id)
     SELECT now() - ((g + $3::int) * interval '1 second'), 'host-' || (g % 7), $2::int, 'Ignore', false, '{}', 'cnt-' || $3::int || '-' || g
       FROM generate_series(1, $1::int) AS g`,
    [n, ruleId, offsetMinutes],
  );
}

beforeAll(async () => {
  tb = await createTestBackends();
  const rule = (name: string) => ({
    rule_name: name,
    pattern: name,
    trap_oid: null,
    syslog_severity: null,
    match_type: 'contains' as const,
    priority: 1,
    prod_handling: 'Ignore',
    dev_handling: 'Ignore',
    team_assignment: 'T',
    enabled: true,
  });
  ruleA = (await tb.backends.store.createRule(rule('count_a'), { changedBy: 'test' })).id;
  ruleB = (await tb.backends.store.createRule(rule('count_b'), { changedBy: 'test' })).id;
});
afterAll(async () => {
  await tb?.cleanup();
});

describe('event audit pagination total', () => {
  it('is exact up to the limit, then an estimate (never below the limit) flagged totalIsEstimate', async () => {
    await insertRows(EXACT_COUNT_LIMIT, ruleA, 0);
    const exact = await tb.backends.store.queryEventAudit({ page: 1, limit: 10 });
    expect(exact).toMatchObject({ total: EXACT_COUNT_LIMIT, totalIsEstimate: false });
    expect(exact.items).toHaveLength(10);

    await insertRows(50, ruleB, 20_000);
    const over = await tb.backends.store.queryEventAudit({ page: 1, limit: 10 });
    expect(over.totalIsEstimate).toBe(true);
    expect(over.total).toBeGreaterThanOrEqual(EXACT_COUNT_LIMIT + 1);
    await tb.backends.sql.query('ANALYZE event_audit_log');
    const analysed = await tb.backends.store.queryEventAudit({ page: 1, limit: 10 });
    expect(analysed.totalIsEstimate).toBe(true);
    expect(analysed.total).toBeGreaterThan(EXACT_COUNT_LIMIT * 0.8);
    expect(analysed.total).toBeLessThan(EXACT_COUNT_LIMIT * 1.2);

    // Filtered: few matches stay exact; a filter matching everything goes through the EXPLAIN estimate.
    expect(await tb.backends.store.queryEventAudit({ page: 1, limit: 10, ruleId: ruleB })).toMatchObject({
      total: 50,
      totalIsEstimate: false,
    });
    const filtered = await tb.backends.store.queryEventAudit({ page: 1, limit: 10, handlingDecision: 'Ignore' });
    expect(filtered.totalIsEstimate).toBe(true);
    expect(filtered.total).toBeGreaterThanOrEqual(EXACT_COUNT_LIMIT + 1);
    expect(filtered.items).toHaveLength(10);
  });
});
