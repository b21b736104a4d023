import { describe, expect, it } from 'vitest';
import { StoreWriteWatch } from '../../../src/services/alerter/store-write-watch.js';

describe('StoreWriteWatch', () => {
  it('reports how long the oldest outstanding write has waited, and 0 once all have answered', async () => {
    let now = 1_000;
    const w = new StoreWriteWatch(() => now);
    expect(w.oldestMs()).toBe(0);
    let answerFirst!: () => void;
    let answerSecond!: () => void;
    const first = w.track(
      () =>
        new Promise<void>((r) => {
          answerFirst = r;
        }),
    );
    now = 3_000;
    const second = w.track(
      () =>
        new Promise<void>((r) => {
          answerSecond = r;
        }),
    );
    now = 8_000;
    expect(w.oldestMs()).toBe(7_000);
    answerFirst();
    await first;
    expect(w.oldestMs()).toBe(5_000);
    answerSecond();
    await second;
    expect(w.oldestMs()).toBe(0);
  });

  it('forgets a write that failed', async () => {
    const w = new StoreWriteWatch(() => 0);
    await expect(w.track(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(w.oldestMs()).toBe(0);
  });
});
