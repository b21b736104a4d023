// Past unhandled_max_signatures the alerter keeps going: new signatures are not tracked and raise no meta-alert,
// mutt_alerter_unhandled_overflow_total counts them, and the overflow line is logged at most once a minute.
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../helpers/capture-logger.js';
import { createHarness, ctxChange, metricsText, metricValue, ruleInput, until, type Harness } from './harness.js';

const UNHANDLED = 'mutt_alerter_events_processed_total{status="unhandled"}';
const OVERFLOW = 'mutt_alerter_unhandled_overflow_total';

describe('alerter: unhandled signature cap', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('past the cap: no meta-alert, the overflow metric grows, processing continues, one log line a minute', async () => {
    h = await createHarness({ UNHANDLED_THRESHOLD: '2' });
    const { b } = h;
    const k = b.keys;
    await b.configStore.set('unhandled_max_signatures', '3');
    await b.store.createRule(ruleInput({ pattern: 'LINKDOWN', prod_handling: 'Page_and_ticket' }), ctxChange);
    const logger = captureLogger();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    await h.start({}, undefined, { logger, now: () => clock });
    const ev = (message: string): string => h.event({ hostname: 'edge-1', message });
    const metrics = async (): Promise<{ unhandled: number; overflow: number }> => {
      const text = await metricsText(h.healthPort);
      return { unhandled: metricValue(text, UNHANDLED), overflow: metricValue(text, OVERFLOW) };
    };
    const overflowLines = (): string[] =>
      logger.lines.filter((l) => l.level === 'WARNING' && l.message.includes('signature cap 3 reached')).map((l) => l.message);

    // Three signatures fill the cap.
    await b.queues.push(k.ingestQueue, [ev('Interface Gi0/1 flapped 17 times'), ev('bravo link lost'), ev('charlie link lost')]);
    await until(metrics, (m) => m.unhandled === 3);
    expect(await b.unhandled.trackedSignatures()).toBe(3);

    // Each of these would fire at threshold 2 if it were tracked; a handled event rides along.
    await b.queues.push(
      k.ingestQueue,
      ['delta', 'delta', 'echo', 'echo', 'foxtrot', 'foxtrot'].map((w) => ev(`${w} link lost`)),
    );
    await b.queues.push(k.ingestQueue, [ev('LINKDOWN on uplink')]);
    await until(metrics, (m) => m.unhandled === 9 && m.overflow === 6);
    await until(
      () => b.store.recentEventAudit(10),
      (rows) => rows.length === 1,
    );
    expect(await b.queues.range(k.alertQueue, 0, -1)).toHaveLength(1);
    expect(overflowLines()).toHaveLength(1);
    expect(overflowLines()[0]).toMatch(/not tracked and raise no meta-alert/);

    // A tracked signature still fires past the cap: the same message with a new counter is the same signature.
    await b.queues.push(k.ingestQueue, [ev('Interface Gi0/2 flapped 18 times'), ev('golf link lost')]);
    await until(metrics, (m) => m.unhandled === 11 && m.overflow === 7);
    const alerts = (await b.queues.range(k.alertQueue, 0, -1)).map((a) => JSON.parse(a) as Record<string, unknown>);
    const meta = alerts.filter((a) => a.rule_name === 'unhandled');
    expect(meta).toHaveLength(1);
    expect(meta[0]).toMatchObject({ source_hostname: 'edge-1' });
    expect(String(meta[0]?.message_body)).toContain('Interface Gi0/2 flapped 18 times');
    expect(overflowLines()).toHaveLength(1);

    // A minute later the next overflow logs again.
    clock += 60_000;
    await b.queues.push(k.ingestQueue, [ev('hotel link lost')]);
    await until(metrics, (m) => m.unhandled === 12 && m.overflow === 8);
    expect(overflowLines()).toHaveLength(2);
    expect(await b.unhandled.trackedSignatures()).toBe(3);
    expect(await b.queues.depth(k.ingestQueue)).toBe(0);
  });
});
