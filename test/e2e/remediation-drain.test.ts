// The DLQ drains as fast as Moogsoft allows, with the real binaries: 3,000 alerts parked in mutt:dlq:moog by a
// Moogsoft outage are all delivered within 60 s of recovery, at every remediation default but REMEDIATION_INTERVAL=2.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { alertBody, ForwarderStack, metricValue, scrape, type ServiceProc } from './support/forwarder-stack.js';

const TOTAL = 3_000;

let stack: ForwarderStack;
let rem: ServiceProc;

beforeAll(async () => {
  stack = await ForwarderStack.create('drain');
  const common = { MOOG_RATE_LIMIT_ENABLED: 'false', CIRCUIT_BREAKER_TIMEOUT: '5' };
  await stack.forwarder('fwd-drain', common);
  rem = await stack.remediation({ ...common, REMEDIATION_INTERVAL: '2' });
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

it(`delivers ${TOTAL} of ${TOTAL} alerts parked by an outage within 60 s of recovery`, async () => {
  await stack.mock.control({ status: 503 });
  const ids = Array.from({ length: TOTAL }, (_, i) => `drain-${i}-${Math.random().toString(36).slice(2, 8)}`);
  await stack.pushAlerts(ids.map((id) => alertBody(id)));
  await waitFor(async () => (await stack.depths()).dlqMoog >= TOTAL - 50, 90_000, 'alerts parked in mutt:dlq:moog', 100);

  await stack.mock.control({ status: 200 });
  const recovered = Date.now();
  const missing = await stack.waitAllDelivered(ids, 60_000);
  const seconds = (Date.now() - recovered) / 1000;
  const remText = await scrape(rem.metricsPort);
  console.log(
    `remediation-drain e2e: ${TOTAL - missing.length}/${TOTAL} delivered ${seconds.toFixed(1)} s after recovery; ` +
      `replayed ${metricValue(remText, 'mutt_remediation_replay_success_total') ?? 0} in ${metricValue(remText, 'mutt_remediation_loops_total') ?? 0} cycles`,
  );
  expect(missing.length, stack.tail()).toBe(0);
  expect(seconds).toBeLessThanOrEqual(60);
  await waitFor(async () => (await stack.depths()).dlqMoog === 0, 10_000, 'mutt:dlq:moog empty');
  expect((await stack.depths()).dlqDead).toBe(0);
}, 240_000);
