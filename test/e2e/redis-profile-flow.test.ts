// Issue 2 acceptance on the production profile: one process per service against the machine's Redis and
// PostgreSQL (unique key prefix, throwaway database). With no alerter running, ingested events wait in
// <prefix>mutt:ingest_queue; starting `mutt alerter` drains it and the forwarder delivers them to mock-moog.
// A burst over INGEST_MAX_RATE shows up as the exact metrics line the troubleshooting guide greps for.
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedExampleRules } from '../../src/adapters/sql/seed-examples.js';
import { createPgClient } from '../../src/adapters/sql/pg-client.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/observability/logger.js';
import { createTestDatabase, deleteRedisKeys, redisPostgresEnv, uniqueName } from '../helpers/backends.js';
import { freeServicePorts, REPO_ROOT, spawnMutt, stopAll, waitFor, type MuttProcess } from '../helpers/processes.js';
import { getText, linkDownEvent, LOCAL, mockEvents, postIngest } from './support/stack.js';

const run = promisify(execFile);
const INGEST_KEY = `e2e-ingest-${randomUUID()}`;
const procs: MuttProcess[] = [];
let db: { name: string; drop: () => Promise<void> };
let prefix: string;
let env: Record<string, string>;
let redis: Redis;

async function healthy(port: string): Promise<boolean> {
  const res = await fetch(`http://${LOCAL}:${port}/health`);
  return res.status === 200;
}

function start(args: string[]): MuttProcess {
  const p = spawnMutt(args, env);
  procs.push(p);
  return p;
}

beforeAll(async () => {
  db = await createTestDatabase('e2e');
  prefix = `${uniqueName('k')}:`;
  const ports = await freeServicePorts();
  env = {
    ...ports,
    ...redisPostgresEnv(prefix, db.name),
    INGEST_API_KEY: INGEST_KEY,
    MOOG_WEBHOOK_URL: `http://127.0.0.1:${ports.MOCK_MOOG_PORT}/webhook`,
    INGEST_MAX_RATE: '5',
    INGEST_RATE_WINDOW: '60',
  };
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  // Production services refuse an unmigrated schema: migrate first, exactly as an operator would.
  const { stdout } = await run(process.execPath, [`${REPO_ROOT}bin/mutt.js`, 'migrate'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
  expect(stdout).toMatch(/Applied: |up to date/);
  const sql = createPgClient(loadConfig(env), silentLogger());
  try {
    expect(await seedExampleRules(sql)).toBeGreaterThan(0);
  } finally {
    await sql.close();
  }
});

afterAll(async () => {
  await stopAll(procs);
  await redis?.quit();
  if (prefix) await deleteRedisKeys(prefix);
  await db?.drop();
});

describe('redis-postgres profile, one process per service', () => {
  it('queues events while no alerter runs, then drains them to mock-moog once it starts', async () => {
    const mock = start(['mock-moog', '--port', env.MOCK_MOOG_PORT as string]);
    const ingestor = start(['ingestor']);
    start(['forwarder']);
    await mock.waitForOutput(/Mock Moogsoft listening/, 30_000);
    await ingestor.waitForOutput(/Ingestor listening/, 60_000);
    await waitFor(() => healthy(env.MOOG_FORWARDER_HEALTH_PORT as string), 60_000, 'forwarder health');

    // Three requests (under INGEST_MAX_RATE=5): a batch of 8 and two single events.
    const tag = randomUUID().slice(0, 8);
    const batch = Array.from({ length: 8 }, (_, i) => linkDownEvent(`rp-${tag}-b${i}`));
    const singles = [linkDownEvent(`rp-${tag}-s0`), linkDownEvent(`rp-${tag}-s1`)];
    const r1 = await postIngest(env.INGESTOR_PORT as string, INGEST_KEY, batch);
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body.accepted).toBe(8);
    for (const e of singles) expect((await postIngest(env.INGESTOR_PORT as string, INGEST_KEY, e)).status).toBe(200);
    const cids = [...batch, ...singles].map((e) => e.correlation_id as string);

    // The `redis-cli LLEN` of the guide, on this run's prefix.
    expect(await redis.llen(`${prefix}mutt:ingest_queue`)).toBe(cids.length);
    expect(await mockEvents(env.MOCK_MOOG_PORT as string)).toHaveLength(0);

    start(['alerter']);
    await waitFor(async () => (await redis.llen(`${prefix}mutt:ingest_queue`)) === 0, 60_000, 'the ingest queue to drain');
    const seen = await waitFor(
      async () => {
        const ids = new Set((await mockEvents(env.MOCK_MOOG_PORT as string)).map((e) => e.external_id));
        return cids.every((c) => ids.has(c)) ? ids : undefined;
      },
      60_000,
      `all ${cids.length} events at mock-moog`,
    );
    expect(cids.filter((c) => seen.has(c))).toHaveLength(cids.length);
  });

  it("reports a burst over INGEST_MAX_RATE with the guide's metrics line", async () => {
    // Three of the five requests in the window were used above; twelve more must hit the limit.
    // INGEST_RATE_LIMIT_STATUS defaults to 503 (as in Python MUTT); the error code names the cause.
    const replies = [];
    for (let i = 0; i < 12; i++)
      replies.push(await postIngest(env.INGESTOR_PORT as string, INGEST_KEY, linkDownEvent(`rp-burst-${i}`)));
    const limited = replies.filter(
      (r) => r.status === 503 && (r.body.error as { code?: string } | undefined)?.code === 'MUTT_INGEST_RATE_LIMITED',
    ).length;
    expect(limited).toBeGreaterThanOrEqual(1);
    // Nothing but the limit refused these well-formed requests.
    expect(replies.filter((r) => r.status !== 200)).toHaveLength(limited);

    const text = await getText(`http://${LOCAL}:${env.INGESTOR_METRICS_PORT}/metrics`);
    const line = text.split('\n').find((l) => l.startsWith('mutt_ingest_requests_total{status="fail",reason="rate_limit"} '));
    expect(
      line,
      `no rate_limit line in:\n${text
        .split('\n')
        .filter((l) => l.startsWith('mutt_ingest_requests_total'))
        .join('\n')}`,
    ).toBeDefined();
    const n = Number((line as string).split(' ')[1]);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBe(limited);
  });
});
