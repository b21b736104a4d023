import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runUntilAborted, sleepUnlessAborted } from '../../../src/core/interruptible-sleep.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const CYCLES = 1_000;

describe('interruptible sleep', () => {
  it('resolves at once when the signal aborts mid-sleep, and leaves no listener behind', async () => {
    const ctl = new AbortController();
    const started = Date.now();
    const sleeping = sleepUnlessAborted(ctl.signal, 60_000);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(1);
    ctl.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
  });

  it(`a loop of ${CYCLES} cycles with sleeps keeps the abort listener count and the heap flat`, async () => {
    const ctl = new AbortController();
    let cycles = 0;
    const counts: number[] = [];
    // Warm-up so that JIT and timer-list allocations are not counted as growth.
    const warm = new AbortController();
    let w = 0;
    await runUntilAborted(
      warm.signal,
      async () => {
        if ((w += 1) >= 100) warm.abort();
        return 1;
      },
      () => 1,
    );
    const before = heapAfterGc();
    await runUntilAborted(
      ctl.signal,
      async () => {
        cycles += 1;
        // Two sleeps per cycle, as remediation does (rate-limit wait, then the pause the step returns).
        await sleepUnlessAborted(ctl.signal, 0);
        if (cycles % 100 === 0) counts.push(getEventListeners(ctl.signal, 'abort').length);
        if (cycles >= CYCLES) ctl.abort();
        return 1;
      },
      () => 1,
    );
    const growth = heapAfterGc() - before;
    console.log(
      `interruptible-sleep: ${cycles} cycles, abort listeners sampled ${JSON.stringify(counts)}, heap growth ${(growth / 1024).toFixed(1)} KiB`,
    );
    expect(cycles).toBe(CYCLES);
    expect(Math.max(...counts)).toBeLessThanOrEqual(1);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
    // GC noise here is about ±70 KiB, and the old per-sleep listener leak added only ~40 B per sleep, so the
    // listener count is the sharp check; this bound catches anything retained per cycle (0.5 KiB x 1,000).
    expect(growth).toBeLessThan(512 * 1024);
  });
});
