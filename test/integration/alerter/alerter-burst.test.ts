// A storm must not be shed into mutt:dlq:alerter while the alerter clears it within seconds: with the default
// shed threshold a 20,000-event burst is processed in place, none of it delayed by a remediation cycle.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, metricsText, metricValue, until, type Harness } from './harness.js';

const BURST = 20_000;

describe('alerter: burst at default backpressure settings', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it(`a ${BURST}-event burst is processed with nothing shed into mutt:dlq:alerter`, async () => {
    h = await createHarness();
    const k = h.b.keys;
    for (let i = 0; i < BURST; i += 1_000) {
      await h.b.queues.push(
        k.ingestQueue,
        Array.from({ length: 1_000 }, (_, j) => h.event({ message: `storm ${i + j}` })),
      );
    }
    const started = Date.now();
    await h.start();
    const processed = (t: string): number => metricValue(t, 'mutt_alerter_events_processed_total{status="unhandled"}');
    let shed = 0;
    try {
      await until(
        async () => {
          shed = await h.b.queues.depth(k.dlq('alerter'));
          return processed(await metricsText(h.healthPort)) + shed;
        },
        (n) => n >= BURST,
        120_000,
      );
    } finally {
      console.log(
        `alerter-burst: ${BURST} events, ${shed} shed into mutt:dlq:alerter, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    expect(await h.b.queues.depth(k.dlq('alerter'))).toBe(0);
    expect(metricValue(await metricsText(h.healthPort), 'mutt_alerter_shed_events_total{mode="dlq"}')).toBe(0);
    expect(await h.b.queues.depth(k.ingestQueue)).toBe(0);
  }, 180_000);
});
