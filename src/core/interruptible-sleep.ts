// One interruptible sleep for every long-running loop: resolves after `ms` or as soon as `signal` aborts.
// The abort listener is removed when the timer fires, so a loop that sleeps forever never grows the signal's
// listener list (each leaked listener also pinned its closure and timer: a slow heap leak over days).

export type Sleep = (ms: number) => Promise<void>;

export function sleepUnlessAborted(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A `sleep(ms)` bound to one stop signal, for services that hand it to their helpers. */
export function interruptibleSleep(signal: AbortSignal): Sleep {
  return (ms) => sleepUnlessAborted(signal, ms);
}

/**
 * Runs `step` until `signal` aborts, pausing for the milliseconds each step returns (0 = go again at once,
 * after yielding to the event loop). A step that throws is reported to `onError` and followed by `errorPauseMs`.
 */
export async function runUntilAborted(
  signal: AbortSignal,
  step: () => Promise<number>,
  onError: (err: unknown) => number,
): Promise<void> {
  while (!signal.aborted) {
    let pauseMs: number;
    try {
      pauseMs = await step();
    } catch (err) {
      pauseMs = onError(err);
    }
    if (signal.aborted) return;
    if (pauseMs > 0) await sleepUnlessAborted(signal, pauseMs);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
