// Dashboard API benchmark: seeds N event_audit_log rows (default 1,000,000) into a throwaway PostgreSQL
// database with one INSERT … SELECT generate_series, then times the dashboard's API calls in process
// (fastify inject: routing, validation, auth, Store queries) and prints p50/p95/max per call.
// Usage: npm run bench:webui -- [--rows 1000000] [--iterations 30] [--keep]
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createBackends } from '../src/app/backends.js';
import { resolveSecrets } from '../src/app/secrets.js';
import { loadConfig } from '../src/config/load.js';
import { silentLogger } from '../src/observability/logger.js';
import { buildWebuiApp } from '../src/services/webui/index.js';

interface Args {
  rows: number;
  iterations: number;
  host: string;
  port: number;
  user: string;
  keep: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const get = (flag: string, dflt: string): string => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : dflt;
  };
  return {
    rows: Number(get('--rows', '1000000')),
    iterations: Number(get('--iterations', '30')),
    host: get('--pg-host', process.env.BENCH_PG_HOST ?? '127.0.0.1'),
    port: Number(get('--pg-port', process.env.BENCH_PG_PORT ?? '5432')),
    user: get('--pg-user', process.env.BENCH_PG_USER ?? 'postgres'),
    keep: argv.includes('--keep'),
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function main(argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv);
  const dbName = `mutt_bench_webui_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ host: a.host, port: a.port, user: a.user, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const key = randomBytes(16).toString('hex');
  const config = loadConfig({
    MUTT_PROFILE: 'redis-postgres',
    REDIS_HOST: '127.0.0.1',
    REDIS_KEY_PREFIX: `${dbName}:`,
    DB_HOST: a.host,
    DB_PORT: String(a.port),
    DB_USER: a.user,
    DB_NAME: dbName,
    WEBUI_API_KEY: key,
    METRICS_CACHE_TTL: '0',
  });
  const logger = silentLogger();
  const backends = await createBackends(config, logger, { profile: 'redis-postgres', migrateOnStart: true });
  try {
    const rules = [];
    for (let i = 0; i < 20; i++) {
      rules.push(
        await backends.store.createRule(
          {
            rule_name: `bench_${i}`,
            pattern: `pattern ${i}`,
            trap_oid: null,
            syslog_severity: null,
            match_type: 'contains',
            priority: i,
            prod_handling: 'Page_and_ticket',
            dev_handling: 'Ignore',
            team_assignment: 'Bench',
            enabled: true,
          },
          { changedBy: 'bench' },
        ),
      );
    }
    const firstRule = rules[0]?.id ?? 1;
    const t0 = Date.now();
    // 90 days of history, ~500 hosts, 20 rules: spreads rows over monthly partitions like production.
    await backends.sql.query(
      `INSERT INTO event_audit_log (event_timestamp, hostname, matched_rule_id, handling_decision, forwarded_to_moog, raw_message, correlation_id)
       SELECT now() - (g * interval '90 days' / $1::int), 'host-' || (g % 500), $2::int + (g % 20), CASE WHEN g % 3 = 0 THEN 'Ignore' ELSE 'Page_and_ticket' END,
              g % 3 <> 0, '{"message":"pattern ' || (g % 20) || ' event ' || g || '","hostname":"host-' || (g % 500) || '"}', 'bench-' || g
       FROM generate_series(1, $1::int) AS g`,
      [a.rows, firstRule],
    );
    await backends.sql.query('ANALYZE event_audit_log');
    const seedMs = Date.now() - t0;
    console.log(
      `seeded ${a.rows.toLocaleString('en-US')} event_audit_log rows in ${(seedMs / 1000).toFixed(1)} s (${Math.round(a.rows / (seedMs / 1000)).toLocaleString('en-US')} rows/s)`,
    );

    const secrets = await resolveSecrets(config, logger);
    const app = await buildWebuiApp(
      { config, backends, logger, podName: 'bench-webui', instanceId: randomUUID(), secrets },
      { healthTargets: [] },
    );
    const day = new Date(Date.now() - 86_400_000).toISOString();
    const calls: [string, string][] = [
      ['overview', '/api/v2/overview'],
      ['metrics', '/api/v2/metrics'],
      ['rules', '/api/v2/rules'],
      ['audit-logs page 1', '/api/v2/audit-logs?limit=50'],
      ['audit-logs page 100', '/api/v2/audit-logs?limit=50&page=100'],
      ['audit-logs last 24h', `/api/v2/audit-logs?limit=50&start_date=${day}`],
      ['audit-logs hostname', '/api/v2/audit-logs?limit=50&hostname=host-42'],
      ['audit-logs rule_id', `/api/v2/audit-logs?limit=50&rule_id=${firstRule + 3}`],
      ['audit-logs correlation_id', '/api/v2/audit-logs?correlation_id=bench-777'],
      ['config-audit', '/api/v2/config-audit?limit=20'],
      ['dlq moog', '/api/v2/dlq/moog'],
    ];
    console.log(
      `\n${'call'.padEnd(28)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  (n=${a.iterations}, in-process inject)`,
    );
    for (const [name, url] of calls) {
      const times: number[] = [];
      for (let i = 0; i < a.iterations + 2; i++) {
        const s = process.hrtime.bigint();
        const res = await app.inject({ url, headers: { 'x-api-key': key } });
        const ms = Number(process.hrtime.bigint() - s) / 1e6;
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
        if (i >= 2) times.push(ms);
      }
      times.sort((x, y) => x - y);
      console.log(
        `${name.padEnd(28)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)} ${(times.at(-1) ?? NaN).toFixed(1).padStart(8)}`,
      );
    }
    await app.close();
  } finally {
    await backends.close();
    if (!a.keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
