// Forwarder benchmark: alerts/s to a local mock-moog with the rate limit lifted, and end-to-end latency from
// the alert-queue push to mock receipt (p50/p99). Profile from MUTT_TEST_PROFILE (embedded | redis-postgres).
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config/load.js';
import { silentLogger } from '../observability/logger.js';
import { startForwarder } from '../services/forwarder/index.js';
import { startMockMoog } from '../services/mock-moog/index.js';
import { createTestBackends } from '../testing/isolated-backends.js';
import { createServer } from 'node:net';
import type { SecretSource } from '../ports/secrets.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const noSecrets: SecretSource = {
  origin: 'env', get: () => undefined, values: () => ({}), reload: async () => ({ changed: [], values: {} }),
  onChange: () => () => undefined, close: async () => undefined,
};

const N = Number(process.env.BENCH_ALERTS ?? 20_000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '64';
const FORWARDERS = Number(process.env.BENCH_FORWARDERS ?? 1);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const tb = await createTestBackends();
  const moog = await startMockMoog();
  const services = [];
  for (let i = 0; i < FORWARDERS; i += 1) {
    const config = loadConfig({
      ...tb.env, MOOG_WEBHOOK_URL: moog.url, RATE_LIMIT_MAX_REQUESTS: '1000000000', RATE_LIMIT_WINDOW_SECONDS: '1', MOOG_RATE_LIMIT_ENABLED: process.env.BENCH_RATE_LIMIT ?? 'true',
      FORWARDER_CONCURRENCY: CONCURRENCY, FORWARDER_BATCH_SIZE: '200', LOG_EVENT_LINES: 'false', DYNAMIC_CONFIG_ENABLED: 'false', BRPOPLPUSH_TIMEOUT: '0.5',
      MOOG_FORWARDER_HEALTH_PORT: String(await freePort()), MOOG_FORWARDER_METRICS_PORT: String(await freePort()),
    });
    services.push(await startForwarder({ config, backends: tb.backends, logger: silentLogger(), podName: `bench-${i}`, instanceId: randomUUID(), secrets: noSecrets }));
  }
  const started = Date.now();
  const CHUNK = 1000;
  for (let i = 0; i < N; i += CHUNK) {
    const now = Date.now();
    const batch = Array.from({ length: Math.min(CHUNK, N - i) }, (_, j) => JSON.stringify({
      hostname: `host-${(i + j) % 50}`, team_assignment: 'NetOps', severity: 'Major', message_body: `bench ${i + j}`,
      raw_json: { message: `bench ${i + j}`, bench_t0: now }, correlation_id: `b-${i + j}`, _correlation_id: `b-${i + j}`,
      rule_id: 1, rule_name: 'bench', handling_decision: 'Page', environment: 'production',
    }));
    await tb.backends.queues.push(tb.backends.keys.alertQueue, batch);
  }
  const deadline = Date.now() + 300_000;
  while (moog.state.events.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const events = moog.state.events;
  const last = Math.max(...events.map((e) => e.receivedAtMs));
  const lat = events.map((e) => e.receivedAtMs - Number((e.event.custom_info as Record<string, unknown>).bench_t0)).sort((a, b) => a - b);
  const secs = (last - started) / 1000;
  console.log(JSON.stringify({
    profile: tb.backends.profile, alerts: N, delivered: events.length, duplicates: moog.state.duplicates, forwarders: FORWARDERS, concurrency: Number(CONCURRENCY),
    seconds: Number(secs.toFixed(2)), alerts_per_sec: Math.round(events.length / secs), latency_ms: { p50: pct(lat, 50), p99: pct(lat, 99), max: lat.at(-1) },
  }));
  for (const s of services) await s.stop();
  await moog.stop();
  await tb.cleanup();
}

await main();
