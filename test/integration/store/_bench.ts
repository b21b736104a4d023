import { openSqlFixture } from './sql-fixture.js';
import { createSqlStore } from '../../../src/adapters/sql/store.js';
const fx = await openSqlFixture();
const store = createSqlStore(fx.sql);
const rule = await store.createRule({ rule_name: 'b', pattern: 'x', trap_oid: null, syslog_severity: null, match_type: 'contains', priority: 1, prod_handling: 'Ignore', dev_handling: 'Ignore', team_assignment: 'T', enabled: true }, { changedBy: 'b' });
const raw = JSON.stringify({ message: '%LINK-3-UPDOWN: Interface Gi0/1, changed state to down', hostname: 'core-router-01', _correlation_id: 'abc' });
for (const batch of [1, 100, 1000]) {
  const total = batch === 1 ? 500 : 20000;
  const t0 = performance.now();
  for (let n = 0; n < total; n += batch) {
    await store.insertEventAudit(Array.from({ length: batch }, () => ({ event_timestamp: new Date(), hostname: 'core-router-01', matched_rule_id: rule.id, handling_decision: 'Ignore', forwarded_to_moog: false, raw_message: raw, correlation_id: 'abc' })));
  }
  const ms = performance.now() - t0;
  console.log(`${process.env.MUTT_TEST_PROFILE} batch=${batch}: ${total} rows in ${ms.toFixed(0)} ms = ${(total / (ms / 1000)).toFixed(0)} rows/s`);
}
const t1 = performance.now();
for (let i = 0; i < 50; i++) await store.queryEventAudit({ page: 1, limit: 50, hostname: 'CORE-ROUTER-01' });
console.log(`queryEventAudit(hostname, page 1/50) over ~40k rows: ${((performance.now() - t1) / 50).toFixed(1)} ms avg`);
await fx.cleanup();
