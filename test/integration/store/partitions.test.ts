import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePartitions } from '../../../src/adapters/sql/migrator.js';
import { createSqlStore } from '../../../src/adapters/sql/store.js';
import type { SqlClient } from '../../../src/ports/sql.js';
import type { Store } from '../../../src/ports/store.js';
import { openSqlFixture, type SqlFixture } from './sql-fixture.js';

let fx: SqlFixture;
let sql: SqlClient;
let store: Store;
let ruleId: number;
beforeAll(async () => {
  fx = await openSqlFixture();
  sql = fx.sql;
  store = createSqlStore(sql);
  const rule = await store.createRule(
    {
      rule_name: 'p',
      pattern: 'X',
      trap_oid: null,
      syslog_severity: null,
      match_type: 'contains',
      priority: 1,
      prod_handling: 'Ignore',
      dev_handling: 'Ignore',
      team_assignment: 'T',
      enabled: true,
    },
    { changedBy: 't' },
  );
  ruleId = rule.id;
});
afterAll(async () => {
  await fx?.cleanup();
});

async function partitionOf(correlationId: string): Promise<string | undefined> {
  const { rows } = await sql.query<{ p: string }>(
    'SELECT tableoid::regclass::text AS p FROM event_audit_log WHERE correlation_id = $1',
    [correlationId],
  );
  return rows[0]?.p;
}

async function partitions(): Promise<Map<string, string>> {
  const { rows } = await sql.query<{ partition_name: string; partition_range: string }>(
    'SELECT partition_name, partition_range FROM partition_health_summary',
  );
  return new Map(rows.map((r) => [r.partition_name, r.partition_range]));
}

function row(ts: string, cid: string) {
  return {
    event_timestamp: new Date(ts),
    hostname: 'h',
    matched_rule_id: ruleId,
    handling_decision: 'Ignore',
    forwarded_to_moog: false,
    raw_message: '{}',
    correlation_id: cid,
  };
}

describe('event_audit_log partitions', () => {
  it('migrations pre-create the previous, current and next 3 months with UTC bounds, plus the default partition', async () => {
    const parts = await partitions();
    const now = new Date();
    const month = (offset: number) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `event_audit_log_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    for (const off of [-1, 0, 1, 2, 3]) expect(parts.has(month(off)), month(off)).toBe(true);
    expect(parts.get('event_audit_log_default')).toBe('DEFAULT');
    expect(parts.get(month(0))).toMatch(/FROM \('\d{4}-\d{2}-01 00:00:00\+00'\) TO \('\d{4}-\d{2}-01 00:00:00\+00'\)/);
    expect(await ensurePartitions(sql, 3)).toBe(0);
    expect(await ensurePartitions(sql, 5)).toBe(2);
  });

  it('a row dated in a month without a partition lands in the default partition', async () => {
    await store.insertEventAudit([
      row('2001-03-15T12:00:00Z', 'old-1'),
      row('2001-03-31T23:59:59Z', 'old-2'),
      row('2001-04-01T00:00:00Z', 'old-3'),
    ]);
    expect(await partitionOf('old-1')).toBe('event_audit_log_default');
    expect(await partitionOf('old-3')).toBe('event_audit_log_default');
  });

  it('create_monthly_partition moves that month out of the default partition (mid-month date, UTC bounds)', async () => {
    const { rows } = await sql.query<{ created: boolean }>("SELECT create_monthly_partition('2001-03-20') AS created");
    expect(rows[0]?.created).toBe(true);
    expect(await partitionOf('old-1')).toBe('event_audit_log_2001_03');
    expect(await partitionOf('old-2')).toBe('event_audit_log_2001_03');
    expect(await partitionOf('old-3')).toBe('event_audit_log_default');
    const again = await sql.query<{ created: boolean }>("SELECT create_monthly_partition('2001-03-01') AS created");
    expect(again.rows[0]?.created).toBe(false);
    // The attached partition got the parent's indexes and FK.
    const idx = await sql.query("SELECT 1 FROM pg_indexes WHERE tablename = 'event_audit_log_2001_03'");
    expect(idx.rowCount).toBeGreaterThanOrEqual(4);
    // New rows for that month now route to it.
    await store.insertEventAudit([row('2001-03-02T00:00:00Z', 'old-4')]);
    expect(await partitionOf('old-4')).toBe('event_audit_log_2001_03');
    const q = await store.queryEventAudit({
      page: 1,
      limit: 10,
      startDate: new Date('2001-01-01Z'),
      endDate: new Date('2001-12-31Z'),
    });
    expect(q.total).toBe(4);
  });

  it('drop_old_partitions drops whole expired months only, never the default or current month', async () => {
    const { rows } = await sql.query<{ name: string }>('SELECT drop_old_partitions(12) AS name');
    expect(rows.map((r) => r.name)).toEqual(['event_audit_log_2001_03']);
    const parts = await partitions();
    expect(parts.has('event_audit_log_default')).toBe(true);
    expect(parts.size).toBeGreaterThanOrEqual(6);
    const zero = await sql.query<{ name: string }>('SELECT drop_old_partitions(0) AS name');
    const now = new Date();
    const current = `event_audit_log_${now.getUTCFullYear()}_${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(zero.rows.map((r) => r.name)).not.toContain(current);
    expect((await partitions()).has(current)).toBe(true);
    expect(await partitionOf('old-3')).toBe('event_audit_log_default');
  });

  it('archival: count, CALL archive_old_events, statistics', async () => {
    const { rows: c } = await sql.query<{ n: string | number }>('SELECT archive_old_events_count(365) AS n');
    expect(Number(c[0]?.n)).toBe(1);
    await sql.query('CALL archive_old_events(365, 10)');
    const { rows: a } = await sql.query<{ archived_from_partition: string; correlation_id: string }>(
      'SELECT archived_from_partition, correlation_id FROM event_audit_log_archive',
    );
    expect(a).toEqual([{ archived_from_partition: 'event_audit_log_default', correlation_id: 'old-3' }]);
    const { rows: s } = await sql.query<{ metric_name: string }>('SELECT * FROM get_archive_statistics()');
    expect(s.map((r) => r.metric_name)).toEqual([
      'Total Archived Events',
      'Oldest Archived Event',
      'Newest Archived Event',
      'Archive Table Size',
      'Active Events Count',
      'Active Table Size',
    ]);
    const { rows: d } = await sql.query<{ n: string | number }>('SELECT delete_old_archives(1) AS n');
    expect(Number(d[0]?.n)).toBe(1);
  });
});
