// The Store as services get it: through createBackends() for the active profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSchemaCurrent } from '../../../src/adapters/sql/migrator.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';

let tb: TestBackends;
beforeAll(async () => {
  tb = await createTestBackends();
});
afterAll(async () => {
  await tb?.cleanup();
});

describe('Store through createBackends', () => {
  it('is migrated, healthy, and round-trips a rule with its audit row', async () => {
    const { store, sql } = tb.backends;
    await assertSchemaCurrent(sql);
    expect(await tb.backends.storeHealthy()).toBe(true);
    const rule = await store.createRule(
      {
        rule_name: 'via_backends',
        pattern: 'LINK-3-UPDOWN',
        trap_oid: null,
        syslog_severity: 3,
        match_type: 'contains',
        priority: 5,
        prod_handling: 'Page_and_ticket',
        dev_handling: 'Ignore',
        team_assignment: 'NetOps',
        enabled: true,
      },
      { changedBy: 'backends-test', correlationId: 'cid-b' },
    );
    expect((await store.loadEnabledRules()).map((r) => r.id)).toContain(rule.id);
    const audit = await store.queryConfigAudit({ page: 1, limit: 5, changedBy: 'backends-test' });
    expect(audit.items.map((a) => [a.operation, a.record_id, a.correlation_id])).toEqual([['CREATE', rule.id, 'cid-b']]);
  });
});
