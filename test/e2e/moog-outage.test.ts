// Issue 4 acceptance: a Moogsoft outage mid-stream with two real forwarders and remediation. The breaker must open,
// alerts must park in mutt:dlq:moog, remediation must drain it after recovery, and Moog must end up with every id.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { alertBody, ForwarderStack, metricValue, scrape, type ServiceProc } from './support/forwarder-stack.js';

const TOTAL = 10_000;
const SWITCH_AT = 2_000;
// The 60 s outage. The breaker timeout (3 s) is well inside it, so half-open probes fail repeatedly.
const OUTAGE_SECONDS = 60;

let stack: ForwarderStack;
let fwdA: ServiceProc;
let fwdB: ServiceProc;
let rem: ServiceProc;

beforeAll(async () => {
  stack = await ForwarderStack.create('outage');
  const common = {
    RATE_LIMIT_MAX_REQUESTS: '5000',
    RATE_LIMIT_WINDOW_SECONDS: '1',
    CIRCUIT_BREAKER_TIMEOUT: '3',
    CIRCUIT_BREAKER_THRESHOLD: '10',
    RETRY_INITIAL_DELAY: '0.5',
    RETRY_MAX_DELAY: '2',
    BRPOPLPUSH_TIMEOUT: '0.5',
    HEARTBEAT_INTERVAL: '1',
    HEARTBEAT_TTL: '5',
    MOOG_TIMEOUT: '5',
  };
  [fwdA, fwdB] = await Promise.all([stack.forwarder('fwd-outage-a', common), stack.forwarder('fwd-outage-b', common)]);
  rem = await stack.remediation({
    ...common,
    REMEDIATION_INTERVAL: '1',
    REMEDIATION_BATCH_SIZE: '1000',
    REMEDIATION_REPLAY_RATE: '5000',
    MOOG_HEALTH_TIMEOUT: '2',
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

it('survives a Moogsoft outage: breaker opens, DLQ fills, remediation drains it, 0 alerts missing', async () => {
  const ids = Array.from({ length: TOTAL }, (_, i) => `outage-${i}-${Math.random().toString(36).slice(2, 8)}`);
  const started = Date.now();
  await stack.pushAlerts(ids.map((id) => alertBody(id)));

  await waitFor(
    async () => (await stack.mock.stats()).unique >= SWITCH_AT,
    60_000,
    `${SWITCH_AT} deliveries before the outage`,
    25,
  );
  const atSwitch = (await stack.mock.stats()).unique;
  await stack.mock.control({ failStatus: 503, failForSeconds: OUTAGE_SECONDS });
  const outageEnds = Date.now() + OUTAGE_SECONDS * 1000;

  // Breaker OPEN seen by either pod: gauge 2 on /metrics, or the guide's log line.
  const openLine = /Circuit breaker is OPEN, skipping forward/;
  await waitFor(
    async () => {
      if (openLine.test(fwdA.proc.output()) || openLine.test(fwdB.proc.output())) return true;
      const texts = await Promise.all([scrape(fwdA.metricsPort), scrape(fwdB.metricsPort)]);
      return texts.some((t) => metricValue(t, 'mutt_circuit_breaker_state', 'name="moogsoft"') === 2);
    },
    OUTAGE_SECONDS * 1000,
    'circuit breaker OPEN during the outage',
    100,
  );

  await waitFor(
    async () => (await stack.depths()).dlqMoog > 0,
    OUTAGE_SECONDS * 1000,
    'alerts in mutt:dlq:moog during the outage',
    100,
  );
  const dlqDuringOutage = (await stack.depths()).dlqMoog;
  expect(Date.now()).toBeLessThan(outageEnds); // the DLQ filled while Moog was down, not after

  // After recovery: every id delivered, and every queue empty (remediation drained the DLQ).
  const missing = await stack.waitAllDelivered(ids, 150_000);
  await waitFor(
    async () => {
      const d = await stack.depths();
      return d.alert + d.dlqMoog + d.retry + d.processing === 0;
    },
    30_000,
    'all queues drained',
  );
  const final = await stack.depths();
  const stats = await stack.mock.stats();
  const remText = await scrape(rem.metricsPort);
  const replayed = metricValue(remText, 'mutt_remediation_replay_success_total') ?? 0;
  const loops = metricValue(remText, 'mutt_remediation_loops_total') ?? 0;
  console.log(
    `moog-outage: ${TOTAL} alerts, outage switched at ${atSwitch} delivered for ${OUTAGE_SECONDS}s; dlq:moog reached >= ${dlqDuringOutage}; ` +
      `remediation replayed ${replayed} in ${loops} cycles; mock unique=${stats.unique} duplicates=${stats.duplicates} requests=${stats.requests} ` +
      `by_status=${JSON.stringify(stats.by_status)}; missing=${missing.length}; dead=${final.dlqDead}; ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );

  expect(missing, `missing ids (first 10): ${missing.slice(0, 10).join(', ')}\n${stack.tail()}`).toEqual([]);
  expect(stats.unique).toBe(TOTAL);
  expect(final).toEqual({ alert: 0, dlqMoog: 0, dlqDead: 0, retry: 0, processing: 0 });
  expect(stats.by_status['503'] ?? 0).toBeGreaterThan(0);
  // Remediation did the draining: it replayed at least what was in the DLQ when we looked, and its loop ran.
  expect(replayed).toBeGreaterThanOrEqual(dlqDuringOutage);
  expect(loops).toBeGreaterThan(1);
  expect(metricValue(remText, 'mutt_remediation_moog_health')).toBe(1);
}, 240_000);
