// The SQL path of the regex budget: a rule written straight into alert_rules that is over
// RULE_REGEX_MAX_PROGRAM_SIZE is refused by the alerter at load with an ERROR, and every other rule keeps working.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { loadConfig } from '../../../src/config/load.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
import { startAlerter } from '../../../src/services/alerter/index.js';
import { createTestBackends, type TestBackends } from '../../helpers/backends.js';
import { captureLogger, waitFor } from '../../helpers/capture-logger.js';
import { ctxChange, freePort, ruleInput, until } from './harness.js';

const noSecrets: SecretSource = {
  origin: 'env',
  get: () => undefined,
  values: () => ({}),
  reload: async () => ({ changed: [], values: {} }),
  onChange: () => () => undefined,
  close: async () => undefined,
};

const HOSTILE = '\\w{1000}'.repeat(28);

describe('alerter regex budget at load', () => {
  let tb: TestBackends | undefined;
  let svc: RunningService | undefined;
  afterEach(async () => {
    await svc?.stop();
    await tb?.cleanup();
    svc = undefined;
    tb = undefined;
  });

  it('skips an over-budget rule inserted with SQL, logging an ERROR with its id and the budget, and routes with the rest', async () => {
    tb = await createTestBackends();
    const b = tb.backends;
    const config = loadConfig({
      ...tb.env,
      ALERTER_HEALTH_PORT: String(await freePort()),
      ALERTER_METRICS_PORT: String(await freePort()),
      ALERTER_BRPOPLPUSH_TIMEOUT: '0.1',
      LOG_EVENT_LINES: 'false',
      RULE_REGEX_MAX_PROGRAM_SIZE: '300',
    });
    const inserted = await b.sql.query<{ id: number }>(
      `INSERT INTO alert_rules (rule_name, pattern, match_type, priority, prod_handling, dev_handling, team_assignment, enabled)
       VALUES ($1, $2, 'regex', 1, 'Page_and_ticket', 'Ignore', 'NETO', true) RETURNING id`,
      ['hostile_sql', HOSTILE],
    );
    const hostileId = Number(inserted.rows[0]?.id);
    const disk = await b.store.createRule(ruleInput({ pattern: 'disk full', priority: 2 }), ctxChange);
    const sysConfig = await b.store.createRule(
      ruleInput({ pattern: '%SYS-5-CONFIG(_I)?:', match_type: 'regex', priority: 3 }),
      ctxChange,
    );
    const logger = captureLogger();
    svc = await startAlerter({
      config,
      backends: b,
      logger,
      podName: `alerter-${randomUUID().slice(0, 6)}`,
      instanceId: randomUUID(),
      secrets: noSecrets,
    });
    await waitFor(() => logger.lines.some((l) => l.message.startsWith('Cache reload complete')), 10_000, 'first cache load');
    const errors = logger.lines.filter((l) => l.level === 'ERROR').map((l) => l.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^Invalid regex for rule ${hostileId}: regex compiles to 28002 RE2 instructions, over the budget RULE_REGEX_MAX_PROGRAM_SIZE=300`,
      ),
    );
    expect(errors[0]).toMatch(/Disabling rule\.$/);
    expect(logger.lines.find((l) => l.message.startsWith('Cache reload complete'))?.message).toMatch(/Rules: 2,/);

    // A word run long enough for the hostile pattern: had it loaded (priority 1), it would win every one of these.
    const words = 'w'.repeat(30_000);
    const event = (message: string): string =>
      JSON.stringify({ hostname: 'core-1', timestamp: new Date().toISOString(), message, _correlation_id: randomUUID() });
    await b.queues.push(b.keys.ingestQueue, [
      event(`disk full on /var ${words}`),
      event(`%SYS-5-CONFIG_I: Configured from console ${words}`),
    ]);
    const rows = await until(
      () => b.store.recentEventAudit(10),
      (r) => r.length === 2,
    );
    expect(rows.map((r) => r.matched_rule_id).sort((x, y) => x - y)).toEqual([disk.id, sysConfig.id].sort((x, y) => x - y));
    expect(rows.some((r) => r.matched_rule_id === hostileId)).toBe(false);
  });
});
