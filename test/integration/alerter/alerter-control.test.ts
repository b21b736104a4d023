import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/ports/store.js';
import { createHarness, ctxChange, metricsText, metricValue, ruleInput, until, type Harness } from './harness.js';

async function auditCount(h: Harness): Promise<number> {
  return (await h.b.store.recentEventAudit(1000)).length;
}

describe('alerter: rule reload', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('reloads on a mutt:rules:updates publish within 1 s', async () => {
    h = await createHarness();
    const { b } = h;
    await h.start();
    await b.store.createRule(ruleInput({ pattern: 'brand new' }), ctxChange);
    const t0 = Date.now();
    await b.pubsub.publish(b.keys.channels.rulesUpdates, JSON.stringify({ entity: 'alert_rules', operation: 'CREATE' }));
    await until(
      () => metricsText(h.healthPort),
      (t) => metricValue(t, 'mutt_alerter_cache_rules_count') === 1,
      1000,
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    await b.queues.push(b.keys.ingestQueue, [h.event({ message: 'a brand new thing' })]);
    await until(
      () => auditCount(h),
      (n) => n === 1,
    );
  });

  it('keeps the last good rules when a reload fails', async () => {
    h = await createHarness();
    const { b } = h;
    await b.store.createRule(ruleInput({ pattern: 'keepme' }), ctxChange);
    let fail = false;
    const store: Store = Object.create(b.store) as Store;
    store.loadEnabledRules = () => (fail ? Promise.reject(new Error('db exploded')) : b.store.loadEnabledRules());
    const svc = await h.start({ store });
    fail = true;
    await svc.reload?.();
    const text = await metricsText(h.healthPort);
    expect(metricValue(text, 'mutt_alerter_cache_reload_failures_total')).toBe(1);
    expect(metricValue(text, 'mutt_alerter_cache_rules_count')).toBe(1);
    await b.queues.push(b.keys.ingestQueue, [h.event({ message: 'please keepme' })]);
    await until(
      () => auditCount(h),
      (n) => n === 1,
    );
  });
});

describe('alerter: backpressure on the ingest queue', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  async function prefill(count: number): Promise<void> {
    await h.b.queues.push(
      h.b.keys.ingestQueue,
      Array.from({ length: count }, (_, i) => h.event({ message: `nomatch ${i}` })),
    );
  }

  it('dlq mode sheds the oldest events into mutt:dlq:alerter and loses nothing', async () => {
    h = await createHarness({ ALERTER_BATCH_SIZE: '5' });
    await h.b.configStore.set('alerter_queue_shed_threshold', '10');
    await h.b.configStore.set('alerter_shed_mode', 'dlq');
    await prefill(40);
    await h.start();
    await until(
      () => h.b.queues.depth(h.b.keys.ingestQueue),
      (d) => d === 0,
    );
    const dlq = (await h.b.queues.range(h.b.keys.dlq('alerter'), 0, -1)).map((x) => JSON.parse(x) as Record<string, unknown>);
    // 40 queued, threshold 10, batch 5: each loop sheds up to a batch of the oldest, then consumes a batch.
    expect(dlq.length).toBeGreaterThanOrEqual(15);
    expect(dlq[0]).toMatchObject({
      _dlq_reason: 'shed_backpressure',
      _dlq_source: 'alerter',
      shedding_reason: expect.stringMatching(/^queue_depth_exceeded:\d+>10$/),
    });
    // The oldest were shed: event 0 is in the DLQ.
    expect(dlq.some((x) => x.message === 'nomatch 0')).toBe(true);
    const text = await until(
      () => metricsText(h.healthPort),
      (t) => metricValue(t, 'mutt_alerter_events_processed_total{status="unhandled"}') + dlq.length === 40,
    );
    expect(metricValue(text, 'mutt_alerter_shed_events_total{mode="dlq"}')).toBe(dlq.length);
  });

  it('none mode sheds nothing; defer mode sheds nothing but counts deferrals', async () => {
    h = await createHarness({ ALERTER_BATCH_SIZE: '5' });
    await h.b.configStore.set('alerter_queue_shed_threshold', '10');
    await h.b.configStore.set('alerter_shed_mode', 'none');
    await prefill(30);
    await h.start();
    await until(
      () => h.b.queues.depth(h.b.keys.ingestQueue),
      (d) => d === 0,
    );
    expect(await h.b.queues.depth(h.b.keys.dlq('alerter'))).toBe(0);
    await h.b.configStore.set('alerter_shed_mode', 'defer');
    await h.b.configStore.set('alerter_defer_sleep_ms', '10');
    await prefill(30);
    const text = await until(
      () => metricsText(h.healthPort),
      (t) => metricValue(t, 'mutt_alerter_events_processed_total{status="unhandled"}') === 60,
    );
    expect(metricValue(text, 'mutt_alerter_shed_events_total{mode="defer"}')).toBeGreaterThan(0);
    expect(await h.b.queues.depth(h.b.keys.dlq('alerter'))).toBe(0);
  });
});

describe('alerter: pods', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it("recovers a dead pod's processing list and refuses a live duplicate POD_NAME (exit 78)", async () => {
    h = await createHarness({ HEARTBEAT_TTL: '2' });
    const { b } = h;
    await b.store.createRule(ruleInput({ pattern: 'orphan' }), ctxChange);
    await b.queues.push(b.keys.ingestQueue, [h.event({ message: 'orphan event' })]);
    const claimed = await b.queues.claim(b.keys.ingestQueue, b.keys.processing('alerter', 'dead-pod'), 10, 0);
    expect(claimed).toHaveLength(1);
    await h.start(undefined, 'live-pod');
    await until(
      () => auditCount(h),
      (n) => n === 1,
    );
    expect(await b.queues.depth(b.keys.processing('alerter', 'dead-pod'))).toBe(0);
    await expect(h.start(undefined, 'live-pod')).rejects.toMatchObject({ code: 'MUTT_DUPLICATE_POD', exitCode: 78 });
  });
});
