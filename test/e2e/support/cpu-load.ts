// Deliberate CPU contention for timing tests: busy-looping node children, each bounded in time by its own clock
// (a spin loop never yields to a timer) and ended by PID by the caller.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CpuLoad {
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/** Starts `n` processes that spin for at most `maxMs`; stop() kills exactly those PIDs and waits for them to exit. */
export function startCpuLoad(n: number, maxMs: number): CpuLoad {
  const code = `const end = Date.now() + ${Math.floor(maxMs)}; let x = 0; while (Date.now() < end) { x = (x + 1) % 1e9; }`;
  const children: ChildProcess[] = Array.from({ length: n }, () => spawn(process.execPath, ['-e', code], { stdio: 'ignore' }));
  return {
    pids: children.map((c) => c.pid ?? -1),
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              if (c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
            }),
        ),
      );
    },
  };
}
