import { describe, expect, it } from 'vitest';
import { EmbeddedUnhandledCounter } from '../../../src/adapters/embedded/embedded-unhandled-counter.js';
import type { UnhandledHit } from '../../../src/ports/unhandled-counter.js';

const hit = (signature: string): UnhandledHit => ({
  hostname: 'h',
  signature,
  correlationId: `c-${signature}`,
  sample: signature,
});

describe('embedded unhandled counter (injected clock)', () => {
  it('entries that expired out of order after a window change are swept to make room', async () => {
    let now = 0;
    const c = new EmbeddedUnhandledCounter(() => now);
    expect(await c.record([hit('a')], { threshold: 10, windowSeconds: 100, maxSignatures: 2 })).toEqual(['counted']);
    expect(await c.record([hit('b')], { threshold: 10, windowSeconds: 1, maxSignatures: 2 })).toEqual(['counted']);
    now = 2000; // b expired behind a, which still lives
    expect(await c.record([hit('c'), hit('d')], { threshold: 10, windowSeconds: 1, maxSignatures: 2 })).toEqual([
      'counted',
      'overflow',
    ]);
    expect(c.peek('h', 'b')).toBeNull();
    expect(c.peek('h', 'a')).toMatchObject({ count: 1, sample: 'a' });
    expect(await c.trackedSignatures()).toBe(2);
  });

  it('never holds more than the cap, whatever the flood', async () => {
    let now = 0;
    const c = new EmbeddedUnhandledCounter(() => now);
    for (let i = 0; i < 10_000; i++) {
      now += 1;
      await c.record([hit(`s${i}`)], { threshold: 3, windowSeconds: 5, maxSignatures: 1000 });
      if (i % 997 === 0) expect(await c.trackedSignatures()).toBeLessThanOrEqual(1000);
    }
    now += 5000;
    expect(await c.trackedSignatures()).toBe(0);
  });
});
