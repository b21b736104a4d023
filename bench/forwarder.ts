// Forwarder benchmark: alerts/s to mock-moog with the rate limit lifted, end-to-end latency from the alert-queue
// push to mock receipt (p50/p99), and CPU per alert. Profile from MUTT_TEST_PROFILE (embedded | redis-postgres).
// The mock runs in its own process (`node bin/mutt.js mock-moog`, needs a built dist/) so it does not steal this
// process's event loop; BENCH_INPROC_MOCK=true keeps the old in-process mock for comparison.
// Usage: MUTT_TEST_PROFILE=redis-postgres BENCH_ALERTS=20000 npm run bench:forwarder
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, get } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load.js';
import { silentLogger } from '../src/observability/logger.js';
import type { SecretSource } from '../src/ports/secrets.js';
import { startForwarder } from '../src/services/forwarder/index.js';
import { startMockMoog } from '../src/mock-moog/index.js';
import { createTestBackends } from '../test/support/isolated-backends.js';
import { freePort } from '../test/support/free-port.js';

const noSecrets: SecretSource = {
  origin: 'env',
  get: () => undefined,
  values: () => ({}),
  reload: async () => ({ changed: [], values: {} }),
  onChange: () => () => undefined,
  close: async () => undefined,
};

const N = Number(process.env.BENCH_ALERTS ?? 20_000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '64';
const FORWARDERS = Number(process.env.BENCH_FORWARDERS ?? 1);
const INPROC = process.env.BENCH_INPROC_MOCK === 'true';
const TIMEOUT_MS = 300_000;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** utime + stime of a child in ms, from /proc (Linux); NaN elsewhere. */
function childCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

interface Receipt {
  atMs: number;
  t0: number;
}
interface Mock {
  url: string;
  count(): Promise<number>;
  receipts(): Promise<{ receipts: Receipt[]; duplicates: number }>;
  cpuMs(): number;
  stop(): Promise<void>;
}

async function inProcessMock(): Promise<Mock> {
  const m = await startMockMoog();
  return {
    url: m.url,
    count: async () => m.state.events.length,
    cpuMs: () => Number.NaN,
    stop: () => m.stop(),
    receipts: async () => ({
      duplicates: m.state.duplicates,
      receipts: m.state.events.map((e) => ({
        atMs: e.receivedAtMs,
        t0: Number((e.event.custom_info as Record<string, unknown>).bench_t0),
      })),
    }),
  };
}

/** Polling must not cost much CPU in the measured process: plain node:http on one keep-alive socket, not fetch. */
const pollAgent = new Agent({ keepAlive: true, maxSockets: 1 });
function cheapGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: pollAgent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

async function childMock(): Promise<Mock> {
  const port = await freePort();
  const bin = fileURLToPath(new URL('../../bin/mutt.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [bin, 'mock-moog', '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`mock-moog exited with ${child.exitCode} (is dist/ built? npx tsc -p tsconfig.build.json)`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('mock-moog did not come up within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `${base}/webhook`,
    count: async () => Number((JSON.parse(await cheapGet(`${base}/stats`)) as { count: number }).count),
    receipts: async () => {
      const stats = (await (await fetch(`${base}/stats`)).json()) as { duplicates: number };
      const events = (await (await fetch(`${base}/events?limit=100000`)).json()) as {
        received_at: string;
        event: { custom_info: Record<string, unknown> };
      }[];
      return {
        duplicates: stats.duplicates,
        receipts: events.map((e) => ({ atMs: Date.parse(e.received_at), t0: Number(e.event.custom_info.bench_t0) })),
      };
    },
    cpuMs: () => childCpuMs(child.pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      pollAgent.destroy();
    },
  };
}

export async function main(): Promise<void> {
  if (N > 100_000) throw new Error('BENCH_ALERTS is capped at 100000 (the mock returns at most 100000 events)');
  const tb = await createTestBackends();
  const moog = INPROC ? await inProcessMock() : await childMock();
  const services = [];
  try {
    for (let i = 0; i < FORWARDERS; i += 1) {
      const config = loadConfig({
        ...tb.env,
        MOOG_WEBHOOK_URL: moog.url,
        RATE_LIMIT_MAX_REQUESTS: '1000000000',
        RATE_LIMIT_WINDOW_SECONDS: '1',
        MOOG_RATE_LIMIT_ENABLED: process.env.BENCH_RATE_LIMIT ?? 'true',
        FORWARDER_CONCURRENCY: CONCURRENCY,
        FORWARDER_BATCH_SIZE: '200',
        LOG_EVENT_LINES: 'false',
        DYNAMIC_CONFIG_ENABLED: 'false',
        BRPOPLPUSH_TIMEOUT: '0.5',
        MOOG_FORWARDER_HEALTH_PORT: String(await freePort()),
        MOOG_FORWARDER_METRICS_PORT: String(await freePort()),
      });
      services.push(
        await startForwarder({
          config,
          backends: tb.backends,
          logger: silentLogger(),
          podName: `bench-${i}`,
          instanceId: randomUUID(),
          secrets: noSecrets,
        }),
      );
    }
    const cpu0 = process.cpuUsage();
    const mockCpu0 = moog.cpuMs();
    const started = Date.now();
    const CHUNK = 1000;
    for (let i = 0; i < N; i += CHUNK) {
      const now = Date.now();
      const batch = Array.from({ length: Math.min(CHUNK, N - i) }, (_, j) =>
        JSON.stringify({
          hostname: `host-${(i + j) % 50}`,
          team_assignment: 'NetOps',
          severity: 'Major',
          message_body: `bench ${i + j}`,
          raw_json: { message: `bench ${i + j}`, bench_t0: now },
          correlation_id: `b-${i + j}`,
          _correlation_id: `b-${i + j}`,
          rule_id: 1,
          rule_name: 'bench',
          handling_decision: 'Page',
          environment: 'production',
        }),
      );
      await tb.backends.queues.push(tb.backends.keys.alertQueue, batch);
    }
    const deadline = Date.now() + TIMEOUT_MS;
    let delivered = 0;
    while ((delivered = await moog.count()) < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const cpu = process.cpuUsage(cpu0);
    const mockCpuMs = moog.cpuMs() - mockCpu0;
    const { receipts, duplicates } = await moog.receipts();
    const last = receipts.reduce((m, e) => Math.max(m, e.atMs), 0);
    const lat = receipts.map((e) => e.atMs - e.t0).sort((a, b) => a - b);
    const secs = (last - started) / 1000;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      JSON.stringify({
        profile: tb.backends.profile,
        mock: INPROC ? 'in-process' : 'child-process',
        alerts: N,
        delivered,
        duplicates,
        forwarders: FORWARDERS,
        concurrency: Number(CONCURRENCY),
        seconds: Number(secs.toFixed(2)),
        alerts_per_sec: Math.round(receipts.length / secs),
        latency_ms: { p50: pct(lat, 50), p99: pct(lat, 99), max: lat.at(-1) },
        // CPU of this process (forwarder + pushes + polling) per delivered alert: visible even when the machine is noisy.
        cpu_ms_per_alert: Number((cpuMs / Math.max(1, delivered)).toFixed(4)),
        mock_cpu_ms_per_alert: Number((mockCpuMs / Math.max(1, delivered)).toFixed(4)),
      }),
    );
  } finally {
    for (const s of services) await s.stop();
    await moog.stop();
    await tb.cleanup();
  }
}
