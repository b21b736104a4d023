// Ingest benchmark: starts the ingestor in-process on 127.0.0.1 (rate limiting off) against the chosen profile
// and drives it from a separate load-generator process (a keep-alive undici Pool) for a fixed time, so the
// generator never shares the server's event loop or CPU accounting. Prints events/s, latency p50/p99 and the
// server's CPU time per event (process.cpuUsage: comparable on a loaded machine where wall-clock rates are not)
// for single-event POSTs and for 100-event batches. Usage: npm run bench:ingest -- [--profile redis|embedded] [--duration 8]
import { staticSecrets } from '../src/app/static-secrets.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { createBackends } from '../src/app/backends.js';
import { loadConfig, type Config } from '../src/config/load.js';
import { createKeys } from '../src/core/keys.js';
import { createRedisBackends } from '../src/adapters/redis/index.js';
import { silentLogger } from '../src/observability/logger.js';
import type { Backends } from '../src/ports/backends.js';
import type { SqlClient } from '../src/ports/sql.js';
import type { Store } from '../src/ports/store.js';
import { startIngestorService } from '../src/services/ingestor/index.js';

const API_KEY = randomBytes(16).toString('hex');

interface PhaseResult {
  readonly name: string;
  readonly requests: number;
  readonly events: number;
  readonly errors: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU microseconds (user + system) used by the load generator process during the phase. */
  readonly generatorCpuUs: number;
}

interface PhaseReport extends PhaseResult {
  /** CPU microseconds (user + system) used by the server process (ingestor + in-process back end) during the phase. */
  readonly serverCpuUs: number;
}

function unavailable<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => () => Promise.reject(new Error(`${what} is not used by the ingest benchmark`)),
  });
}

async function redisBackends(config: Config): Promise<Backends> {
  const keys = createKeys({
    prefix: config.redisKeyPrefix,
    ingestQueue: config.ingestQueueName,
    metricsPrefix: config.metricsPrefix,
  });
  const coordination = await createRedisBackends(config, keys, silentLogger());
  const { redis } = coordination;
  // The ingestor never touches PostgreSQL; /health only reports it.
  return {
    ...coordination,
    rotateCredentials: (c) => coordination.rotatePasswords(c.redisPassCurrent, c.redisPassNext),
    moog: unavailable('Moogsoft'),
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
  readonly apiKey: string;
}

/** Runs in the load-generator child process. */
async function generateLoad(spec: PhaseSpec): Promise<PhaseResult> {
  const { name, base, body, eventsPerRequest, seconds, connections, pipelining } = spec;
  const pool = new Pool(base, { connections, pipelining, keepAliveTimeout: 30_000 });
  const headers = { 'x-api-key': spec.apiKey, 'content-type': 'application/json' };
  const cpu0 = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpu0);
  await pool.close();
  const sorted = latencies.subarray(0, n).sort();
  return {
    name,
    requests: n,
    events: n * eventsPerRequest,
    errors,
    seconds: elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    generatorCpuUs: cpu.user + cpu.system,
  };
}

const LOADGEN_ENV = 'MUTT_BENCH_INGEST_LOADGEN';

/** One child process per phase; it exits by itself after `seconds` (and with its parent, through the IPC channel). */
function runPhase(spec: PhaseSpec): Promise<PhaseReport> {
  return new Promise((resolve, reject) => {
    const cpu0 = process.cpuUsage();
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, [LOADGEN_ENV]: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: PhaseResult | undefined;
    child.once('message', (r: PhaseResult) => {
      const cpu = process.cpuUsage(cpu0);
      result = r;
      resolve({ ...r, serverCpuUs: cpu.user + cpu.system });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result === undefined) reject(new Error(`load generator exited with ${code} before reporting`));
    });
    child.send(spec);
  });
}

if (process.env[LOADGEN_ENV] === '1' && process.send !== undefined) {
  process.once('message', (spec: PhaseSpec) => {
    void generateLoad(spec).then((r) => {
      process.send?.(r, () => process.disconnect());
    });
  });
}

function print(r: PhaseReport): void {
  const rps = r.requests / r.seconds;
  const eps = r.events / r.seconds;
  const perEvent = r.events > 0 ? r.serverCpuUs / r.events : 0;
  const genBusy = r.generatorCpuUs / (r.seconds * 1e6);
  const srvBusy = r.serverCpuUs / (r.seconds * 1e6);
  console.log(
    `${r.name.padEnd(14)} ${rps.toFixed(0).padStart(8)} req/s ${eps.toFixed(0).padStart(9)} events/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.requests} ok, ${r.errors} errors, ${r.seconds.toFixed(1)} s)\n` +
      `${''.padEnd(14)} server CPU ${perEvent.toFixed(1)} us/event (${(srvBusy * 100).toFixed(0)}% of a core), generator CPU ${(genBusy * 100).toFixed(0)}% of a core`,
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
  const svc = await startIngestorService({
    config,
    backends,
    logger: silentLogger(),
    podName: 'bench',
    instanceId: randomUUID(),
    secrets: staticSecrets(config),
  });
  const base = `http://127.0.0.1:${svc.mainPort}`;
  const event = {
    hostname: 'core-router-01.dc1.example.com',
    timestamp: '2025-11-10T12:00:00Z',
    message: '%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/0/0, changed state to down',
    syslog_severity: 5,
  };
  const single = JSON.stringify(event);
  const batch = JSON.stringify(Array.from({ length: batchSize }, () => event));
  console.log(
    `ingest bench: profile ${values.profile}, ${connections} connections x ${pipelining} pipelining, ${seconds} s per phase, Node ${process.version}`,
  );
  try {
    const phase = { base, connections, pipelining, apiKey: API_KEY };
    await runPhase({ ...phase, name: 'warm-up', body: single, eventsPerRequest: 1, seconds: 1 });
    await backends.queues.purge(backends.keys.ingestQueue);
    print(await runPhase({ ...phase, name: 'single', body: single, eventsPerRequest: 1, seconds }));
    const queuedSingle = await backends.queues.purge(backends.keys.ingestQueue);
    print(await runPhase({ ...phase, name: `batch x${batchSize}`, body: batch, eventsPerRequest: batchSize, seconds }));
    const queuedBatch = await backends.queues.purge(backends.keys.ingestQueue);
    console.log(`queued and purged: ${queuedSingle} (single) + ${queuedBatch} (batch) events`);
  } finally {
    await svc.stop();
    await backends.close();
  }
}
