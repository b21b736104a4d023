// Ingest benchmark: starts the ingestor in-process on 127.0.0.1 (rate limiting off) against the chosen profile
// and drives it with a keep-alive undici Pool for a fixed time. Prints events/s and latency p50/p99 for
// single-event POSTs and for 100-event batches. Usage: node bench/ingest.mjs [--profile redis|embedded] [--duration 8]
import { staticSecrets } from '../app/static-secrets.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import { createBackends } from '../app/backends.js';
import { loadConfig, type Config } from '../config/load.js';
import { createKeys } from '../core/keys.js';
import { createRedisBackends } from '../adapters/redis/index.js';
import { silentLogger } from '../observability/logger.js';
import type { Backends } from '../ports/backends.js';
import type { SqlClient } from '../ports/sql.js';
import type { Store } from '../ports/store.js';
import { startIngestorService } from '../services/ingestor/index.js';

const API_KEY = randomBytes(16).toString('hex');

interface PhaseResult {
  readonly name: string;
  readonly requests: number;
  readonly events: number;
  readonly errors: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => () => Promise.reject(new Error(`${what} is not used by the ingest benchmark`)),
  });
}

async function redisBackends(config: Config): Promise<Backends> {
  const keys = createKeys({ prefix: config.redisKeyPrefix, ingestQueue: config.ingestQueueName, metricsPrefix: config.metricsPrefix });
  const coordination = await createRedisBackends(config, keys, silentLogger());
  const { redis } = coordination;
  // The ingestor never touches PostgreSQL; /health only reports it.
  return {
    ...coordination,
    close: async () => {
      // Remove every key the run created (queue, time-bucket counters) before disconnecting.
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${keys.prefix}*`, 'COUNT', 1000);
        if (found.length > 0) await redis.del(...found);
        cursor = next;
      } while (cursor !== '0');
      await coordination.close();
    },
    profile: 'redis-postgres',
    keys,
    sql: unavailable<SqlClient>('PostgreSQL'),
    store: unavailable<Store>('PostgreSQL'),
    storeHealthy: async () => false,
  };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface PhaseSpec {
  readonly name: string;
  readonly base: string;
  readonly body: string;
  readonly eventsPerRequest: number;
  readonly seconds: number;
  readonly connections: number;
  readonly pipelining: number;
}

/** Runs in a worker thread: the load generator must not share the server's event loop. */
async function generateLoad(spec: PhaseSpec): Promise<PhaseResult> {
  const { name, base, body, eventsPerRequest, seconds, connections, pipelining } = spec;
  const pool = new Pool(base, { connections, pipelining, keepAliveTimeout: 30_000 });
  const headers = { 'x-api-key': API_KEY_FOR_WORKER(), 'content-type': 'application/json' };
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  async function worker(): Promise<void> {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ path: '/ingest', method: 'POST', headers, body });
        await res.body.dump();
        if (res.statusCode !== 200) {
          errors++;
          continue;
        }
      } catch {
        errors++;
        continue;
      }
      if (n === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[n++] = performance.now() - t0;
    }
  }
  await Promise.all(Array.from({ length: connections * pipelining }, () => worker()));
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  const sorted = latencies.subarray(0, n).sort();
  return { name, requests: n, events: n * eventsPerRequest, errors, seconds: elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

function API_KEY_FOR_WORKER(): string {
  return (workerData as { apiKey: string }).apiKey;
}

function runPhase(name: string, base: string, body: string, eventsPerRequest: number, seconds: number, connections: number, pipelining: number): Promise<PhaseResult> {
  const spec: PhaseSpec = { name, base, body, eventsPerRequest, seconds, connections, pipelining };
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { spec, apiKey: API_KEY } });
    w.once('message', (r: PhaseResult) => resolve(r));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  void generateLoad((workerData as { spec: PhaseSpec }).spec).then((r) => {
    port.postMessage(r);
  });
}

function print(r: PhaseResult): void {
  const rps = r.requests / r.seconds;
  const eps = r.events / r.seconds;
  console.log(
    `${r.name.padEnd(14)} ${rps.toFixed(0).padStart(8)} req/s ${eps.toFixed(0).padStart(9)} events/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.requests} ok, ${r.errors} errors, ${r.seconds.toFixed(1)} s)`,
  );
}

export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      profile: { type: 'string', default: 'redis' },
      duration: { type: 'string', default: '8' },
      connections: { type: 'string', default: '32' },
      pipelining: { type: 'string', default: '1' },
      'batch-size': { type: 'string', default: '100' },
      'redis-host': { type: 'string', default: '127.0.0.1' },
    },
  });
  const seconds = Math.min(60, Math.max(1, Number(values.duration)));
  const connections = Math.min(256, Math.max(1, Number(values.connections)));
  const pipelining = Math.min(16, Math.max(1, Number(values.pipelining)));
  const batchSize = Math.min(1000, Math.max(2, Number(values['batch-size'])));
  const prefix = `mutt_bench_${randomBytes(4).toString('hex')}:`;
  const common = {
    INGEST_API_KEY: API_KEY,
    INGEST_RATE_LIMIT_ENABLED: 'false',
    INGEST_QUEUE_CAP: '100000000',
    LOG_EVENT_LINES: 'false',
    DYNAMIC_CONFIG_ENABLED: 'false',
  };
  const isRedis = values.profile === 'redis';
  const env = isRedis
    ? { ...common, MUTT_PROFILE: 'redis-postgres', REDIS_HOST: values['redis-host'], REDIS_KEY_PREFIX: prefix }
    : { ...common, MUTT_PROFILE: 'embedded', MUTT_DATA_DIR: 'memory://' };
  const loaded = loadConfig(env);
  const config: Config = { ...loaded, ingestorHost: '127.0.0.1', ingestorPort: 0, ingestorMetricsPort: 0 };
  const backends = isRedis ? await redisBackends(config) : await createBackends(config, silentLogger(), { profile: 'embedded' });
  const svc = await startIngestorService({ config, backends, logger: silentLogger(), podName: 'bench', instanceId: randomUUID(), secrets: staticSecrets(config) });
  const base = `http://127.0.0.1:${svc.mainPort}`;
  const event = { hostname: 'core-router-01.dc1.example.com', timestamp: '2025-11-10T12:00:00Z', message: '%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/0/0, changed state to down', syslog_severity: 5 };
  const single = JSON.stringify(event);
  const batch = JSON.stringify(Array.from({ length: batchSize }, () => event));
  console.log(`ingest bench: profile ${values.profile}, ${connections} connections x ${pipelining} pipelining, ${seconds} s per phase, Node ${process.version}`);
  try {
    await runPhase('warm-up', base, single, 1, 1, connections, pipelining);
    await backends.queues.purge(backends.keys.ingestQueue);
    print(await runPhase('single', base, single, 1, seconds, connections, pipelining));
    const queuedSingle = await backends.queues.purge(backends.keys.ingestQueue);
    print(await runPhase(`batch x${batchSize}`, base, batch, batchSize, seconds, connections, pipelining));
    const queuedBatch = await backends.queues.purge(backends.keys.ingestQueue);
    console.log(`queued and purged: ${queuedSingle} (single) + ${queuedBatch} (batch) events`);
  } finally {
    await svc.stop();
    await backends.close();
  }
}
