// In-process wake-ups for blocking claims: one process owns the PGlite database, so every push happens here
// and a waiting claim can be woken directly instead of polling the table.

export interface ArmedWait {
  /** Resolves true when the queue was signalled, false on timeout or close. */
  wait(ms: number): Promise<boolean>;
  cancel(): void;
}

export class QueueSignals {
  private readonly waiters = new Map<string, Set<(signalled: boolean) => void>>();

  /** Registers interest before the caller looks at the table, so a push in between is not missed. */
  arm(queue: string): ArmedWait {
    let settled = false;
    let wake: (signalled: boolean) => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const set = this.waiters.get(queue) ?? new Set();
    this.waiters.set(queue, set);
    const promise = new Promise<boolean>((resolve) => {
      wake = (signalled) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(queue) === set) this.waiters.delete(queue);
        resolve(signalled);
      };
    });
    set.add(wake);
    return {
      wait: (ms) => {
        if (!settled) timer = setTimeout(() => wake(false), Math.max(0, ms));
        return promise;
      },
      cancel: () => wake(false),
    };
  }

  notify(queue: string): void {
    const set = this.waiters.get(queue);
    if (!set) return;
    for (const wake of [...set]) wake(true);
  }

  /** Releases every waiter (shutdown): blocked claims return promptly. */
  closeAll(): void {
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake(false);
    this.waiters.clear();
  }
}
