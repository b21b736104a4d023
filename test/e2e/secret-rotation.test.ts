// Secret rotation without a restart, on the real `mutt` binary: the ingestor's API key (INGEST_API_KEY_FILE)
// and its Redis password (REDIS_PASS_CURRENT_FILE, against a redis-server with requirepass started here)
// follow SIGHUP; `mutt start` (embedded) swaps the ingest and web UI keys the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, redisPostgresEnv, uniqueName } from '../helpers/backends.js';
import { freePort, freeServicePorts, REPO_ROOT, spawnMutt, stopAll, waitFor, type MuttProcess } from '../helpers/processes.js';
import { LOCAL, postIngest, tempDataDir } from './support/stack.js';

const run = promisify(execFile);
const procs: MuttProcess[] = [];
let redisServer: ChildProcess | undefined;
let dir: string;

function event(tag: string): Record<string, unknown> {
  return { hostname: 'rot-host', message: `rotation ${tag}`, syslog_severity: 5 };
}

/** Polls until the new key is accepted and the old one refused; returns the ms it took after SIGHUP. */
async function keySwapMs(send: (key: string) => Promise<number>, oldKey: string, newKey: string, ok: number): Promise<number> {
  const t0 = Date.now();
  await waitFor(
    async () => (await send(newKey)) === ok && (await send(oldKey)) === 401,
    10_000,
    'the new key accepted and the old one refused',
  );
  return Date.now() - t0;
}

afterAll(async () => {
  await stopAll(procs);
  if (redisServer?.pid !== undefined && redisServer.exitCode === null) process.kill(redisServer.pid, 'SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('mutt ingestor (redis-postgres): SIGHUP rotates the API key and the Redis password', () => {
  let ingestor: MuttProcess;
  let env: Record<string, string>;
  let admin: Redis;
  let redisPort: number;
  let db: { drop: () => Promise<void> } | undefined;
  const oldKey = `old-${randomUUID()}`;
  const newKey = `new-${randomUUID()}`;
  const oldPass = `redis-old-${randomUUID()}`;
  const newPass = `redis-new-${randomUUID()}`;
  const prefix = `${uniqueName('rot')}:`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mutt-rotation-'));
    redisPort = await freePort();
    redisServer = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--requirepass', oldPass, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    admin = new Redis({ host: LOCAL, port: redisPort, password: oldPass, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    admin.on('error', () => undefined); // refused until redis-server listens; waitFor below reports a real failure
    await waitFor(async () => (await admin.ping()) === 'PONG', 10_000, 'the throwaway redis-server');
    const database = await createTestDatabase('rot');
    db = database;
    writeFileSync(join(dir, 'ingest_key'), `${oldKey}\n`);
    writeFileSync(join(dir, 'redis_pass'), `${oldPass}\n`);
    env = {
      ...(await freeServicePorts()),
      ...redisPostgresEnv(prefix, database.name),
      REDIS_PORT: String(redisPort),
      INGEST_API_KEY_FILE: join(dir, 'ingest_key'),
      REDIS_PASS_CURRENT_FILE: join(dir, 'redis_pass'),
      INGEST_RATE_LIMIT_ENABLED: 'false',
    };
    await run(process.execPath, [`${REPO_ROOT}bin/mutt.js`, 'migrate'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    ingestor = spawnMutt(['ingestor'], env);
    procs.push(ingestor);
    await ingestor.waitForOutput(/Ingestor listening/, 60_000);
  });

  afterAll(async () => {
    await admin?.quit().catch(() => undefined);
    await db?.drop();
  });

  const send = async (key: string): Promise<number> => (await postIngest(env.INGESTOR_PORT as string, key, event('key'))).status;

  it('accepts the new INGEST_API_KEY_FILE content after SIGHUP and refuses the old key', async () => {
    expect(await send(oldKey)).toBe(200);
    writeFileSync(join(dir, 'ingest_key'), `${newKey}\n`);
    ingestor.kill('SIGHUP');
    const ms = await keySwapMs(send, oldKey, newKey, 200);
    process.stdout.write(`ingest key rotation: new key accepted, old refused ${ms} ms after SIGHUP\n`);
    expect(ms).toBeLessThan(10_000);
  });

  it('keeps ingesting after the Redis password is rotated and every connection is killed', async () => {
    const queue = `${prefix}mutt:ingest_queue`;
    const before = await admin.llen(queue);
    const t0 = Date.now();
    await admin.config('SET', 'requirepass', newPass);
    writeFileSync(join(dir, 'redis_pass'), `${newPass}\n`);
    ingestor.kill('SIGHUP');
    await ingestor.waitForOutput(/Secrets reloaded \(changed: REDIS_PASS_CURRENT\)/, 10_000);
    await ingestor.waitForOutput(/Redis password rotated; Redis accepted REDIS_PASS_CURRENT/, 10_000);
    // Live connections keep their session; only reconnects show whether the new password is used.
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal');
    await waitFor(async () => (await send(newKey)) === 200, 15_000, 'an ingest accepted after the reconnect');
    process.stdout.write(`redis rotation: ingest accepted again ${Date.now() - t0} ms after SIGHUP\n`);
    expect(await admin.llen(queue)).toBeGreaterThan(before);
    // The reconnects authenticated with the new password directly, with no WRONGPASS round.
    expect(ingestor.output()).not.toContain('WRONGPASS');
    expect(ingestor.output()).not.toContain(newPass);
    expect(ingestor.output()).not.toContain(oldPass);
  });
});

describe('mutt start (embedded): SIGHUP rotates the ingest and web UI keys', () => {
  it('accepts the new keys from *_FILE after SIGHUP and refuses the old ones', async () => {
    const data = await tempDataDir('rotation');
    const ports = await freeServicePorts();
    const keyDir = mkdtempSync(join(tmpdir(), 'mutt-rotation-keys-'));
    try {
      const [ingOld, ingNew, webOld, webNew] = ['ing-old', 'ing-new', 'web-old', 'web-new'].map(
        (t) => `${t}-${randomUUID()}`,
      ) as [string, string, string, string];
      writeFileSync(join(keyDir, 'ingest'), ingOld);
      writeFileSync(join(keyDir, 'webui'), webOld);
      const proc = spawnMutt(['start'], {
        ...ports,
        MOOG_WEBHOOK_URL: `http://${LOCAL}:${ports.MOCK_MOOG_PORT}/webhook`,
        MUTT_DATA_DIR: data.dir,
        INGEST_API_KEY_FILE: join(keyDir, 'ingest'),
        WEBUI_API_KEY_FILE: join(keyDir, 'webui'),
      });
      procs.push(proc);
      await proc.waitForOutput(/MUTT is running/, 90_000);
      const ingest = async (key: string): Promise<number> =>
        (await postIngest(ports.INGESTOR_PORT as string, key, event('embedded'))).status;
      const webui = async (key: string): Promise<number> =>
        (await fetch(`http://${LOCAL}:${ports.WEBUI_PORT}/api/v2/rules`, { headers: { 'x-api-key': key } })).status;
      expect(await ingest(ingOld)).toBe(200);
      expect(await webui(webOld)).toBe(200);
      writeFileSync(join(keyDir, 'ingest'), ingNew);
      writeFileSync(join(keyDir, 'webui'), webNew);
      proc.kill('SIGHUP');
      await keySwapMs(ingest, ingOld, ingNew, 200);
      await keySwapMs(webui, webOld, webNew, 200);
      await stopAll([proc]);
    } finally {
      rmSync(keyDir, { recursive: true, force: true });
      await data.remove();
    }
  });
});
