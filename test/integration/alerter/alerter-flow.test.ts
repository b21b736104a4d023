import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, ctxChange, metricsText, metricValue, ruleInput, until, type Harness } from './harness.js';

describe('alerter: events in → audit rows + alerts out', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('audits handled events in one batch, forwards prod alerts, keeps dev audit-only', async () => {
    h = await createHarness();
    const { b } = h;
    const rule = await b.store.createRule(
      ruleInput({ pattern: 'LINK DOWN', rule_name: 'link_down', team_assignment: 'CORE' }),
      ctxChange,
    );
    await b.store.addDevHost('LAB-1', ctxChange);
    await b.queues.push(b.keys.ingestQueue, [
      h.event({
        message: 'Interface link down',
        syslog_severity: 'err',
        correlation_id: 'cid-prod',
        _correlation_id: 'cid-prod',
        api_key: 'SECRET',
      }),
      h.event({ hostname: 'lab-1', message: 'link down on lab' }),
      h.event({ message: 'nothing matches this' }),
    ]);
    await h.start();
    await until(
      () => b.queues.depth(b.keys.ingestQueue),
      (d) => d === 0,
    );
    const rows = await until(
      () => b.store.recentEventAudit(10),
      (r) => r.length === 2,
    );
    expect(rows.map((r) => r.forwarded_to_moog).sort()).toEqual([false, true]);
    expect(rows.every((r) => r.matched_rule_id === rule.id)).toBe(true);
    const alerts = (await b.queues.range(b.keys.alertQueue, 0, -1)).map((a) => JSON.parse(a) as Record<string, unknown>);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      hostname: 'core-1',
      team_assignment: 'CORE',
      severity: 'Major',
      correlation_id: 'cid-prod',
      _correlation_id: 'cid-prod',
      rule_id: rule.id,
      rule_name: 'link_down',
      handling_decision: 'Page_and_ticket',
      environment: 'prod',
    });
    expect(JSON.stringify(alerts)).not.toContain('SECRET');
    const text = await metricsText(h.healthPort);
    expect(metricValue(text, 'mutt_alerter_events_processed_total{status="handled"}')).toBe(2);
    expect(metricValue(text, 'mutt_alerter_events_processed_total{status="unhandled"}')).toBe(1);
    const health = await fetch(`http://127.0.0.1:${h.healthPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', service: 'mutt-alerter' });
  });

  it('raises exactly one meta-alert when an unhandled signature reaches the threshold', async () => {
    h = await createHarness({ UNHANDLED_THRESHOLD: '5', UNHANDLED_DEFAULT_TEAM: 'DEFAULT_T' });
    const { b } = h;
    await b.store.upsertDeviceTeam({ hostname: 'edge-9', team_assignment: 'EDGE' }, ctxChange);
    await h.start();
    await b.queues.push(
      b.keys.ingestQueue,
      Array.from({ length: 8 }, () => h.event({ hostname: 'edge-9', message: 'odd thing' })),
    );
    await b.queues.push(
      b.keys.ingestQueue,
      Array.from({ length: 5 }, () => h.event({ hostname: 'other', message: 'odd thing' })),
    );
    const alerts = await until(
      async () => (await b.queues.range(b.keys.alertQueue, 0, -1)).map((a) => JSON.parse(a) as Record<string, unknown>),
      (a) => a.length >= 2,
    );
    await until(
      () => b.queues.depth(b.keys.ingestQueue),
      (d) => d === 0,
    );
    const final = (await b.queues.range(b.keys.alertQueue, 0, -1)).map((a) => JSON.parse(a) as Record<string, unknown>);
    expect(final).toHaveLength(2);
    const bySource = Object.fromEntries(alerts.map((a) => [a.source_hostname, a]));
    expect(bySource['edge-9']).toMatchObject({
      hostname: 'MUTT_Alerter',
      rule_name: 'unhandled',
      rule_id: null,
      team_assignment: 'EDGE',
      unhandled_signature: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(bySource.other).toMatchObject({ team_assignment: 'DEFAULT_T' });
    expect(String(bySource['edge-9']?.message_body)).toContain("Detected 5 unhandled messages in 86400s from 'edge-9'");
  });

  it('dead-letters poison after its attempts while other events keep flowing', async () => {
    h = await createHarness({ ALERTER_MAX_RETRIES: '2' });
    const { b } = h;
    const doomed = await b.store.createRule(ruleInput({ pattern: 'doomed', priority: 1 }), ctxChange);
    await b.store.createRule(ruleInput({ pattern: 'fine', priority: 2 }), ctxChange);
    await h.start();
    // Delete behind the cache's back: the audit INSERT now violates the FK (a data error) for "doomed" events only.
    await b.sql.query('DELETE FROM alert_rules WHERE id = $1', [doomed.id]);
    await b.queues.push(b.keys.ingestQueue, [
      h.event({ message: 'doomed event', correlation_id: 'cid-doomed', _correlation_id: 'cid-doomed' }),
      h.event({ message: 'fine 1' }),
      'not json {',
      h.event({ message: 'fine 2', _retry_count: 9 }),
      h.event({ message: 'fine 3' }),
    ]);
    const dlq = await until(
      async () => (await b.queues.range(b.keys.dlq('alerter'), 0, -1)).map((x) => JSON.parse(x) as Record<string, unknown>),
      (x) => x.length === 3,
    );
    const reasons = dlq.map((x) => x._dlq_reason).sort();
    expect(reasons).toEqual(['invalid_json', 'processing_exception', 'retry_exhausted']);
    const exhausted = dlq.find((x) => x._dlq_reason === 'processing_exception');
    expect(exhausted).toMatchObject({ _correlation_id: 'cid-doomed', _dlq_attempts: 3, _dlq_source: 'alerter' });
    expect(dlq.find((x) => x._dlq_reason === 'invalid_json')).toMatchObject({ _raw: 'not json {' });
    const rows = await until(
      () => b.store.recentEventAudit(10),
      (r) => r.length === 2,
    );
    expect(rows).toHaveLength(2);
    await until(
      () => b.queues.depth(b.keys.ingestQueue),
      (d) => d === 0,
    );
  });
});
