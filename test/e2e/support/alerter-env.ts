// Isolated real Redis + PostgreSQL for the alerter acceptance tests: a throwaway database migrated by the real
// `mutt migrate`, a unique key prefix, direct clients for seeding and checking, and spawned `mutt alerter` pods.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase, deleteRedisKeys, PG_ADMIN, redisPostgresEnv, uniqueName } from '../../helpers/backends.js';
import { freePort, REPO_ROOT, spawnMutt, stopAll, waitFor, type MuttProcess } from '../../helpers/processes.js';

const run = promisify(execFile);
const BIN = `${REPO_ROOT}bin/mutt.js`;

export interface AlerterEnv {
  /** Env for every `mutt` child: profile, Redis prefix, database. */
  readonly env: Record<string, string>;
  readonly prefix: string;
  readonly redis: Redis;
  readonly db: pg.Pool;
  key(name: string): string;
  /** Runs the real CLI with this env; resolves with stdout (rejects on a non-zero exit). */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<string>;
  startAlerter(pod: string, extraEnv?: Record<string, string>): Promise<AlerterPod>;
  cleanup(): Promise<void>;
}

export interface AlerterPod {
  readonly proc: MuttProcess;
  readonly pod: string;
  readonly healthUrl: string;
  readonly metricsUrl: string;
}

/** Worker timings short enough that a dead pod is recovered within seconds. */
export const FAST_PODS: Record<string, string> = {
  HEARTBEAT_INTERVAL: '1',
  HEARTBEAT_TTL: '3',
  JANITOR_INTERVAL: '1',
  ALERTER_BRPOPLPUSH_TIMEOUT: '0.2',
  DYNAMIC_CONFIG_CACHE_TTL: '1',
  LOG_LEVEL: 'INFO',
};

export async function createAlerterEnv(tag: string, extra: Record<string, string> = {}): Promise<AlerterEnv> {
  const database = await createTestDatabase(tag);
  const prefix = `${uniqueName(tag)}:`;
  const env: Record<string, string> = {
    ...redisPostgresEnv(prefix, database.name),
    ...FAST_PODS,
    ...extra,
  };
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
  const db = new pg.Pool({ ...PG_ADMIN, database: database.name, max: 3 });
  const procs: MuttProcess[] = [];
  const cli = async (args: string[], extraEnv: Record<string, string> = {}): Promise<string> => {
    const { stdout } = await run(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, ...extraEnv },
      timeout: 60_000,
    });
    return stdout;
  };
  await cli(['migrate']);
  return {
    env,
    prefix,
    redis,
    db,
    key: (name) => `${prefix}${name}`,
    cli,
    async startAlerter(pod, extraEnv = {}) {
      const health = await freePort();
      const metrics = await freePort();
      const proc = spawnMutt(['alerter'], {
        ...env,
        POD_NAME: pod,
        ALERTER_HEALTH_PORT: String(health),
        ALERTER_METRICS_PORT: String(metrics),
        ...extraEnv,
      });
      procs.push(proc);
      const healthUrl = `http://127.0.0.1:${health}/health`;
      try {
        await Promise.race([
          waitFor(async () => (await fetch(healthUrl)).status === 200, 60_000, `alerter ${pod} healthy`, 100),
          proc.exited.then((code) => {
            throw new Error(`alerter ${pod} exited (${code}) before it was healthy`);
          }),
        ]);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- alerter ${pod} output ---\n${proc.output().slice(-3000)}`);
      }
      return { proc, pod, healthUrl, metricsUrl: `http://127.0.0.1:${metrics}/metrics` };
    },
    async cleanup() {
      await stopAll(procs);
      redis.disconnect();
      await db.end();
      await deleteRedisKeys(prefix);
      await database.drop();
    },
  };
}

export interface RuleSeed {
  rule_name: string;
  pattern: string;
  prod_handling: string;
  priority?: number;
  match_type?: 'contains' | 'regex';
}

/** Inserts rules straight into alert_rules (as an operator's SQL would); returns their ids by name. */
export async function seedRules(db: pg.Pool, rules: readonly RuleSeed[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const r of rules) {
    const res = await db.query<{ id: number }>(
      `INSERT INTO alert_rules (rule_name, pattern, match_type, priority, prod_handling, dev_handling, team_assignment, enabled)
       VALUES ($1, $2, $3, $4, $5, 'Ignore', 'NETO', true) RETURNING id`,
      [r.rule_name, r.pattern, r.match_type ?? 'contains', r.priority ?? 100, r.prod_handling],
    );
    ids[r.rule_name] = (res.rows[0] as { id: number }).id;
  }
  return ids;
}

export function event(cid: string, hostname: string, message: string): string {
  return JSON.stringify({ hostname, message, timestamp: new Date().toISOString(), syslog_severity: 3, _correlation_id: cid });
}

/** LPUSH in batches (the ingestor's direction: LPUSH, consumers take from the right = oldest first). */
export async function pushEvents(redis: Redis, queue: string, bodies: readonly string[], batch = 1000): Promise<void> {
  for (let i = 0; i < bodies.length; i += batch) await redis.lpush(queue, ...bodies.slice(i, i + batch));
}

/** Audit rows per correlation id. */
export async function auditCounts(db: pg.Pool): Promise<Map<string, number>> {
  const res = await db.query<{ correlation_id: string; n: string }>(
    'SELECT correlation_id, count(*) AS n FROM event_audit_log GROUP BY correlation_id',
  );
  return new Map(res.rows.map((r) => [r.correlation_id, Number(r.n)]));
}

export async function auditTotal(db: pg.Pool): Promise<number> {
  const res = await db.query<{ n: string }>('SELECT count(*) AS n FROM event_audit_log');
  return Number(res.rows[0]?.n ?? 0);
}

export async function dlqEntries(redis: Redis, key: string): Promise<Record<string, unknown>[]> {
  return (await redis.lrange(key, 0, -1)).map((s) => JSON.parse(s) as Record<string, unknown>);
}

/** Value of one Prometheus sample line (`name{labels} value`), 0 when absent. */
export async function metric(url: string, sample: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}
