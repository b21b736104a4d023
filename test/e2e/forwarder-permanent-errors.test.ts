// Issue 4 acceptance: permanent Moog answers. A 400 dead-letters at once (one request, reason non_retryable, status
// kept); a 422 poison alert is replayed REMEDIATION_MAX_RETRIES times by remediation, then parked in mutt:dlq:dead.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { alertBody, ForwarderStack, metricValue, scrape } from './support/forwarder-stack.js';

const MAX_REPLAYS = 2;

let stack: ForwarderStack;

beforeAll(async () => {
  stack = await ForwarderStack.create('perm');
  await stack.mock.control({
    rules: [
      { match: 'PERM-400', status: 400 },
      { match: 'POISON-422', status: 422 },
    ],
  });
  await stack.forwarder('fwd-perm', {
    RATE_LIMIT_MAX_REQUESTS: '1000',
    RATE_LIMIT_WINDOW_SECONDS: '1',
    BRPOPLPUSH_TIMEOUT: '0.5',
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

const uniq = (tag: string, i: number): string => `${tag}-${i}-${Math.random().toString(36).slice(2, 8)}`;

it('sends a 400 alert to mutt:dlq:moog at once, after exactly one request', async () => {
  const good = Array.from({ length: 20 }, (_, i) => uniq('ok', i));
  const bad = Array.from({ length: 5 }, (_, i) => uniq('bad400', i));
  await stack.pushAlerts([...good.map((id) => alertBody(id)), ...bad.map((id) => alertBody(id, `PERM-400 malformed ${id}`))]);
  expect(await stack.waitAllDelivered(good, 30_000)).toEqual([]);
  await waitFor(async () => (await stack.depths()).dlqMoog === bad.length, 30_000, '400 alerts in mutt:dlq:moog');
  const entries = await stack.dlq('moog');
  expect(entries.map((e) => e.correlation_id).sort()).toEqual([...bad].sort());
  for (const e of entries) {
    expect(e._dlq_reason).toBe('non_retryable');
    expect(e._dlq_status_code).toBe(400);
  }
  expect((await stack.depths()).retry).toBe(0); // never parked for a retry
  const attempts = await stack.mock.attempts('bad400-');
  expect(Object.keys(attempts).sort()).toEqual([...bad].sort());
  expect(
    Object.values(attempts).every((n) => n === 1),
    JSON.stringify(attempts),
  ).toBe(true);
}, 90_000);

it(`parks a 422 poison alert in mutt:dlq:dead after ${MAX_REPLAYS} replays, without looping`, async () => {
  const poison = Array.from({ length: 3 }, (_, i) => uniq('poison422', i));
  await stack.pushAlerts(poison.map((id) => alertBody(id, `POISON-422 bad payload ${id}`)));
  await waitFor(async () => (await stack.depths()).dlqMoog === 5 + poison.length, 30_000, '422 alerts in mutt:dlq:moog');
  const rem = await stack.remediation({
    REMEDIATION_INTERVAL: '0.5',
    REMEDIATION_MAX_RETRIES: String(MAX_REPLAYS),
    REMEDIATION_BATCH_SIZE: '50',
    MOOG_HEALTH_TIMEOUT: '2',
  });

  // Both the 400s and the 422s are permanent: each ends in dlq:dead, none stays in dlq:moog.
  await waitFor(
    async () => {
      const d = await stack.depths();
      return d.dlqDead === 5 + poison.length && d.dlqMoog === 0 && d.alert === 0 && d.processing === 0;
    },
    60_000,
    'permanent alerts parked in mutt:dlq:dead',
  );
  const dead = await stack.dlq('dead');
  for (const e of dead) expect(e._dead_reason).toBe('max_remediation_attempts');
  expect(dead.filter((e) => String(e.correlation_id).startsWith('poison422-')).length).toBe(poison.length);

  const attempts = await stack.mock.attempts('poison422-');
  const loopsAt = metricValue(await scrape(rem.metricsPort), 'mutt_remediation_loops_total') ?? 0;
  // No loop: several more remediation cycles run and Moog sees no further request for the poison alerts.
  await waitFor(
    async () => (metricValue(await scrape(rem.metricsPort), 'mutt_remediation_loops_total') ?? 0) >= loopsAt + 3,
    30_000,
    '3 more remediation cycles',
  );
  expect(await stack.mock.attempts('poison422-')).toEqual(attempts);
  for (const id of poison) expect(attempts[id], id).toBe(1 + MAX_REPLAYS);
  const remText = await scrape(rem.metricsPort);
  expect(metricValue(remText, 'mutt_remediation_poison_messages_total')).toBe(5 + poison.length);
  console.log(
    `forwarder-permanent-errors: poison attempts per alert ${JSON.stringify(Object.values(attempts))}; dead=${dead.length}`,
  );
}, 120_000);
