// Alerter benchmark on the production profile: a throwaway PostgreSQL database and a unique Redis key prefix,
// a prefilled ingest queue, one in-process alerter; measures until the queue is drained and every audit row is
// committed. Usage: npm run bench:alerter -- [--events 100000] [--rules 1000] [--batch 500]
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createBackends } from '../src/app/backends.js';
import { loadConfig } from '../src/config/load.js';
import { silentLogger } from '../src/observability/logger.js';
import { startAlerter } from '../src/services/alerter/index.js';
import { mixedEvents, mixedRules } from './rules.js';
import type { SecretSource } from '../src/ports/secrets.js';
import { deleteRedisKeys } from '../test/support/isolated-backends.js';
import { freePort } from '../test/support/free-port.js';

/** The alerter reads no secret; a fixed empty source satisfies the context. */
const noSecrets: SecretSource = {
  origin: 'env',
  get: () => undefined,
  values: () => ({}),
  reload: async () => ({ changed: [], values: {} }),
  onChange: () => () => undefined,
  close: async () => undefined,
};

const ADMIN = {
  host: process.env.BENCH_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_PG_PORT ?? 5432),
  user: process.env.BENCH_PG_USER ?? 'postgres',
  database: 'postgres',
};

async function admin(sql: string): Promise<void> {
  const c = new pg.Client(ADMIN);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** CPU seconds (user + system) used so far by the bench database's server backends; null when PostgreSQL is not local. */
async function backendCpu(db: string): Promise<Map<number, number> | null> {
  const c = new pg.Client(ADMIN);
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db]);
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      // /proc/<pid>/stat fields 14 and 15 are utime and stime in clock ticks (100 Hz on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    }
    return out;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

function cpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (before === null || after === null) return null;
  let sum = 0;
  for (const [pid, secs] of after) sum += secs - (before.get(pid) ?? 0);
  return sum;
}

export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      events: { type: 'string', default: '100000' },
      rules: { type: 'string', default: '1000' },
      batch: { type: 'string', default: '500' },
    },
  });
  const total = Number(values.events);
  const db = `mutt_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `mutt_bench_${randomBytes(4).toString('hex')}:`;
  await admin(`CREATE DATABASE ${db}`);
  const config = loadConfig({
    MUTT_PROFILE: 'redis-postgres',
    REDIS_HOST: '127.0.0.1',
    REDIS_KEY_PREFIX: prefix,
    DB_HOST: ADMIN.host,
    DB_PORT: String(ADMIN.port),
    DB_USER: ADMIN.user,
    DB_NAME: db,
    ALERTER_BATCH_SIZE: String(values.batch),
    ALERTER_HEALTH_PORT: String(await freePort()),
    ALERTER_METRICS_PORT: String(await freePort()),
    ALERTER_QUEUE_SHED_THRESHOLD: String(total * 2),
    ALERTER_QUEUE_WARN_THRESHOLD: String(total * 2),
    UNHANDLED_THRESHOLD: '1000000',
  });
  const b = await createBackends(config, silentLogger(), { profile: 'redis-postgres', migrateOnStart: true });
  try {
    for (const r of mixedRules(Number(values.rules))) {
      const { id: _id, ...input } = r;
      await b.store.createRule(input, { changedBy: 'bench' });
    }
    const templates = mixedEvents(5000);
    const now = new Date().toISOString();
    for (let i = 0; i < total; i += 5000) {
      const chunk: string[] = [];
      for (let k = i; k < Math.min(total, i + 5000); k++) {
        const cid = randomUUID();
        chunk.push(
          JSON.stringify({ ...templates[k % templates.length], timestamp: now, correlation_id: cid, _correlation_id: cid }),
        );
      }
      await b.queues.push(b.keys.ingestQueue, chunk);
    }
    const svc = await startAlerter({
      config,
      backends: b,
      logger: silentLogger(),
      podName: 'bench-alerter',
      instanceId: randomUUID(),
      secrets: noSecrets,
    });
    const t0 = performance.now();
    // CPU time of this process (alerter + the cheap poll below): visible even when the shared machine is contended.
    const cpu0 = process.cpuUsage();
    const db0 = await backendCpu(db);
    for (;;) {
      const [q, p] = await Promise.all([
        b.queues.depth(b.keys.ingestQueue),
        b.queues.depth(b.keys.processing('alerter', 'bench-alerter')),
      ]);
      if (q === 0 && p === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const dbCpu = cpuDelta(db0, await backendCpu(db));
    await svc.stop();
    const audit = await b.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM event_audit_log');
    const alerts = await b.queues.depth(b.keys.alertQueue);
    process.stdout.write(
      `alerter: ${total} events drained in ${secs.toFixed(2)} s = ${Math.round(total / secs).toLocaleString('en-US')} events/s ` +
        `(batch ${values.batch}, ${values.rules} rules); audit rows committed=${audit.rows[0]?.n ?? '?'} alerts queued=${alerts}; ` +
        `cpu ${((cpu.user + cpu.system) / total).toFixed(1)} µs/event (user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s); ` +
        `PostgreSQL backends ${dbCpu === null ? 'n/a' : `${((dbCpu * 1e6) / total).toFixed(1)} µs/event`}\n`,
    );
  } finally {
    // Every key under the bench prefix, not only lists: unhandled counters live for a day otherwise.
    await deleteRedisKeys(prefix);
    await b.close();
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}
