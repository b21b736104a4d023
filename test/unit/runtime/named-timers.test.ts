// Named timers: failures are logged with the timer's name, and clear() stops every pending and periodic timer.
import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../src/observability/logger.js';
import { NamedTimers } from '../../../src/services/runtime/named-timers.js';

function recordingLogger(lines: string[]): Logger {
  const base = silentLogger();
  return new Proxy(base, { get: (t, p) => (p === 'error' ? (msg: string) => lines.push(msg) : Reflect.get(t, p)) });
}

describe('named timers', () => {
  it('a failing tick is logged with the timer name', async () => {
    const lines: string[] = [];
    const timers = new NamedTimers(recordingLogger(lines));
    const failed = new Promise<void>((resolve) =>
      timers.after('gauges', 1, async () => {
        resolve();
        throw new Error('queue down');
      }),
    );
    await failed;
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual(['Timer gauges failed: queue down']);
    timers.clear();
  });

  it('clear() cancels periodic and one-shot timers, and later ones are not started', async () => {
    const timers = new NamedTimers(silentLogger());
    let ticks = 0;
    timers.every('heartbeat', 1, async () => {
      ticks += 1;
    });
    timers.after('rule-reload', 1, async () => {
      ticks += 100;
    });
    expect(timers.size).toBe(2);
    timers.clear();
    timers.every('late', 1, async () => {
      ticks += 1000;
    });
    expect(timers.size).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(ticks).toBe(0);
  });
});
