// Two real forwarders share one Moog rate limit, and it holds where Moogsoft enforces it: on arrival. Mock-moog runs
// in its own process and stamps each POST when its headers are parsed; the CPU is deliberately saturated by busy
// processes during the run, so scheduling delay between a grant and the request's arrival is part of the test.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { maxInWindow } from '../helpers/sliding-window.js';
import { startCpuLoad, type CpuLoad } from './support/cpu-load.js';
import { alertBody, ForwarderStack, metricValue, scrape, type ServiceProc } from './support/forwarder-stack.js';

const LIMIT = 50;
const TOTAL = 600;
/** Busy-looping children on a 2-core box: more runnable processes than cores for the whole run. */
const HOGS = 3;

let stack: ForwarderStack;
let forwarders: ServiceProc[] = [];
let load: CpuLoad | null = null;

beforeAll(async () => {
  stack = await ForwarderStack.create('ratelimit');
  // Default FORWARDER_CONCURRENCY (32): enough deliveries wait on booked slots to keep the schedule full.
  const env = { RATE_LIMIT_MAX_REQUESTS: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '1', BRPOPLPUSH_TIMEOUT: '0.5' };
  forwarders = await Promise.all([stack.forwarder('fwd-rl-a', env), stack.forwarder('fwd-rl-b', env)]);
}, 120_000);

afterAll(async () => {
  await load?.stop();
  await stack?.close();
}, 60_000);

it(`keeps Moog at <= ${LIMIT} arrivals in every sliding 1 s window across two forwarders under CPU load, near the limit, losing nothing`, async () => {
  const ids = Array.from({ length: TOTAL }, (_, i) => `rl-${i}-${Math.random().toString(36).slice(2, 8)}`);
  const b = stack.backends;
  let grantsMax = 0;
  let sampling = true;
  load = startCpuLoad(HOGS, 120_000);
  try {
    const sampler = (async () => {
      // The shared sliding-window log on the server clock: never more than LIMIT inside any 1 s.
      while (sampling) {
        grantsMax = Math.max(grantsMax, await b.rateLimiter.count(b.keys.rateLimit('moog'), 1000));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const guardSeen: number[] = [];
    const guardSampler = (async () => {
      while (sampling) {
        for (const f of forwarders)
          guardSeen.push(
            Math.round((metricValue(await scrape(f.metricsPort), 'mutt_moog_rate_limit_guard_seconds') ?? 0) * 1000),
          );
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    await stack.pushAlerts(ids.map((id) => alertBody(id)));
    const missing = await stack.waitAllDelivered(ids, 90_000);
    sampling = false;
    await sampler;
    await guardSampler;
    const stats = await stack.mock.stats();
    const arrivals = (await stack.mock.events()).map((e) => Date.parse(e.arrived_at)).sort((x, y) => x - y);
    const arrivalMax = maxInWindow(arrivals, 1000);
    const spanS = ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000;
    const rate = spanS > 0 ? (arrivals.length - 1) / spanS : 0;
    const d = await stack.depths();
    const missed = await Promise.all(
      forwarders.map(async (f) => metricValue(await scrape(f.metricsPort), 'mutt_moog_rate_slots_missed_total') ?? 0),
    );
    console.log(
      `forwarder-rate-limit (CPU load: ${HOGS} busy processes): ${TOTAL} alerts over ${spanS.toFixed(1)}s at the mock = ${rate.toFixed(1)}/s; ` +
        `max in any 1 s window at the mock: ${stats.max_per_second} (all POSTs), ${arrivalMax} (accepted arrivals); ` +
        `limiter log max ${grantsMax}/1s; arrival guard ${Math.min(...guardSeen)}-${Math.max(...guardSeen)} ms, slots missed ${missed.join('+')}; requests=${stats.requests} duplicates=${stats.duplicates} missing=${missing.length}`,
    );

    expect(missing.length, `missing ${missing.length}, first: ${missing.slice(0, 5).join(', ')}\n${stack.tail()}`).toBe(0);
    expect(stats.requests).toBeGreaterThanOrEqual(TOTAL);
    expect(grantsMax).toBeGreaterThan(0);
    expect(grantsMax).toBeLessThanOrEqual(LIMIT);
    // Moog's view, stamped on arrival in its own process: the mock's running sliding window over every POST, and the
    // same computed here over each accepted request's arrival stamp.
    expect(stats.max_per_second).toBeLessThanOrEqual(LIMIT);
    expect(arrivalMax).toBeLessThanOrEqual(LIMIT);
    // Not fixed by simply sending slower: Moog still sees most of its limit over the run. Quiet runs measure 82-90 %;
    // with the CPU hogs plus a busy CI box the pacer gives up late slots and one run measured 77 %, hence 65 %.
    expect(rate).toBeGreaterThanOrEqual(LIMIT * 0.65);
    expect(d).toEqual({ alert: 0, dlqMoog: 0, dlqDead: 0, retry: 0, processing: 0 });
  } finally {
    sampling = false;
    await load.stop();
    load = null;
  }
}, 180_000);
