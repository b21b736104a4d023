// Issue 4 acceptance: SIGKILL one of two real forwarders mid-run. Its heartbeat expires, the survivor's janitor moves
// the dead pod's processing list back to the alert queue, and Moog ends up with every alert (duplicates reported).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../helpers/processes.js';
import { alertBody, ForwarderStack, type ServiceProc } from './support/forwarder-stack.js';

const TOTAL = 3_000;

let stack: ForwarderStack;
let victim: ServiceProc;
let survivor: ServiceProc;

beforeAll(async () => {
  stack = await ForwarderStack.create('crash');
  // Latency keeps alerts in flight (in the processing list) when the kill lands; short heartbeat/janitor for speed.
  await stack.mock.control({ latencyMs: 20 });
  const env = {
    RATE_LIMIT_MAX_REQUESTS: '5000',
    RATE_LIMIT_WINDOW_SECONDS: '1',
    BRPOPLPUSH_TIMEOUT: '0.5',
    FORWARDER_CONCURRENCY: '16',
    FORWARDER_BATCH_SIZE: '32',
    HEARTBEAT_INTERVAL: '1',
    HEARTBEAT_TTL: '3',
    MOOG_JANITOR_INTERVAL: '1',
    JANITOR_INTERVAL: '1',
  };
  [victim, survivor] = await Promise.all([stack.forwarder('fwd-crash-victim', env), stack.forwarder('fwd-crash-survivor', env)]);
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

it("recovers a SIGKILLed forwarder's processing list through the survivor's janitor: 0 missing", async () => {
  const ids = Array.from({ length: TOTAL }, (_, i) => `crash-${i}-${Math.random().toString(36).slice(2, 8)}`);
  const b = stack.backends;
  const victimList = b.keys.processing('moog', 'fwd-crash-victim');
  await stack.pushAlerts(ids.map((id) => alertBody(id)));

  // Kill while the victim holds claimed, undelivered alerts.
  await waitFor(
    async () => (await stack.mock.stats()).unique >= 500 && (await b.queues.depth(victimList)) > 0,
    60_000,
    'victim mid-batch',
    10,
  );
  victim.proc.kill('SIGKILL');
  expect(await victim.proc.exited).toBe('SIGKILL');
  const orphaned = await b.queues.depth(victimList);
  expect(orphaned).toBeGreaterThan(0);

  await survivor.proc.waitForOutput(/Janitor recovered \d+ alert\(s\) from dead pod fwd-crash-victim/, 30_000);
  const missing = await stack.waitAllDelivered(ids, 90_000);
  const stats = await stack.mock.stats();
  const d = await stack.depths();
  const recoveredLine = /Janitor recovered (\d+) alert/.exec(survivor.proc.output());
  console.log(
    `forwarder-crash: ${TOTAL} alerts; victim killed holding ${orphaned}; janitor recovered ${recoveredLine?.[1]}; mock unique=${stats.unique} duplicates=${stats.duplicates}; missing=${missing.length}`,
  );

  expect(missing, `missing (first 10): ${missing.slice(0, 10).join(', ')}\n${stack.tail()}`).toEqual([]);
  expect(stats.unique).toBe(TOTAL);
  expect(await b.queues.depth(victimList)).toBe(0);
  expect(d).toEqual({ alert: 0, dlqMoog: 0, dlqDead: 0, retry: 0, processing: 0 });
  // At-least-once: duplicates can only come from the killed pod's in-flight alerts.
  expect(stats.duplicates).toBeLessThanOrEqual(orphaned);
}, 180_000);
