// Spawns the real `mutt` binary (compiled dist/) for e2e and crash tests, and ends only what it started, by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.js';

export { freePort };

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/mutt.js', import.meta.url));

/** Every service port on a fresh free port, so tests never collide with a running stack. */
export async function freeServicePorts(): Promise<Record<string, string>> {
  const names = [
    'INGESTOR_PORT',
    'INGESTOR_METRICS_PORT',
    'ALERTER_HEALTH_PORT',
    'ALERTER_METRICS_PORT',
    'MOOG_FORWARDER_HEALTH_PORT',
    'MOOG_FORWARDER_METRICS_PORT',
    'REMEDIATION_HEALTH_PORT',
    'REMEDIATION_METRICS_PORT',
    'WEBUI_PORT',
    'MOCK_MOOG_PORT',
  ];
  const out: Record<string, string> = {};
  for (const n of names) out[n] = String(await freePort());
  return out;
}

export interface MuttProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

export function spawnMutt(args: string[], env: Record<string, string>): MuttProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_EVENT_LINES: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer): void => {
    buf += d.toString();
    if (buf.length > 2_000_000) buf = buf.slice(-1_000_000);
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig ?? 'unknown')));
  if (child.pid === undefined) throw new Error('spawn failed');
  return {
    child,
    pid: child.pid,
    output: () => buf,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, signal);
    },
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(buf)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in output:\n${buf.slice(-3000)}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then((code) => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited (${code}) before ${pattern}; output:\n${buf.slice(-3000)}`));
          }
        });
        check();
      }),
  };
}

/** Polls `fn` until it returns a truthy value or the deadline passes (for state we cannot subscribe to). */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function stopAll(procs: MuttProcess[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  for (const p of procs) p.kill(signal);
  await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 15_000))])));
  for (const p of procs) p.kill('SIGKILL');
}
