// Embedded retries ride on the durable embedded Queues: each parked entry is `{"due":ms,"body":…}` in the
// `mutt:retry:moog` queue, moved there with settle() and back with move(), so both steps are atomic.
import { randomUUID } from 'node:crypto';
import type { Queues } from '../../ports/queues.js';
import type { RetrySchedule } from '../../ports/retry-schedule.js';

interface Parked {
  due: number;
  body: string;
}

function parse(raw: string): Parked | null {
  try {
    const v = JSON.parse(raw) as Partial<Parked>;
    return typeof v.due === 'number' && typeof v.body === 'string' ? { due: v.due, body: v.body } : null;
  } catch {
    return null;
  }
}

export function createEmbeddedRetrySchedule(queues: Queues, retryKey: string, now: () => number = Date.now): RetrySchedule {
  async function entries(): Promise<{ raw: string; p: Parked }[]> {
    const out: { raw: string; p: Parked }[] = [];
    for (const raw of await queues.range(retryKey, 0, -1)) {
      const p = parse(raw);
      if (p !== null) out.push({ raw, p });
    }
    return out;
  }
  return {
    async schedule(processing, retries) {
      for (const r of retries) {
        const parked = JSON.stringify({ due: now() + Math.max(0, r.delayMs), body: r.body, id: randomUUID() });
        await queues.settle(processing, [r.claimed], [{ queue: retryKey, messages: [parked] }]);
      }
    },
    async promoteDue(target, max) {
      const t = now();
      const due = (await entries())
        .filter((e) => e.p.due <= t)
        .sort((a, b) => a.p.due - b.p.due)
        .slice(0, max);
      let moved = 0;
      for (const e of due) if (await queues.move(retryKey, e.raw, target, e.p.body)) moved += 1;
      return moved;
    },
    size: () => queues.depth(retryKey),
    async nextDueInMs() {
      const all = await entries();
      if (all.length === 0) return null;
      return Math.max(0, Math.min(...all.map((e) => e.p.due)) - now());
    },
  };
}
