// PostgreSQL password rotation against a cluster that really checks passwords (initdb --auth=scram-sha-256,
// created here): ALTER ROLE … PASSWORD, a rotated DB_PASS_CURRENT_FILE and a reload (what SIGHUP does). The
// pre-rotation connections close by themselves, and after pg_terminate_backend new connections use the new password.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followBackendSecrets, type BackendSecretsFollower } from '../../../src/app/backend-secrets.js';
import { createBackends } from '../../../src/app/backends.js';
import { resolveSecrets } from '../../../src/app/secrets.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Backends } from '../../../src/ports/backends.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
import { deleteRedisKeys, isRedisProfile, redisPostgresEnv, uniqueName } from '../../helpers/backends.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { waitFor } from '../../helpers/processes.js';
import { findPgBin, startScramCluster, type ScramCluster } from '../../helpers/scram-cluster.js';

const ROLE = 'mutt_rot';
const OLD = 'pg-old-pass-5d21';
const NEW = 'pg-new-pass-c8e4';
const pgBin = findPgBin();
// With CI=true a missing initdb must fail the run, never skip it.
const skip = !isRedisProfile || (pgBin === undefined && process.env.CI !== 'true');
const reason = !isRedisProfile
  ? 'redis-postgres profile only (the embedded profile has no database password)'
  : 'initdb not installed';

describe.skipIf(skip)(
  `PostgreSQL password rotation on a scram-sha-256 cluster (${skip ? `skipped: ${reason}` : 'initdb'})`,
  () => {
    let cluster: ScramCluster;
    let dir: string;
    let secrets: SecretSource;
    let backends: Backends;
    let follower: BackendSecretsFollower;
    const logger = captureLogger();
    const prefix = `${uniqueName('pgrot')}:`;

    beforeAll(async () => {
      if (pgBin === undefined) throw new Error(`CI=true but no initdb under /usr/lib/postgresql: cannot run the rotation test`);
      cluster = await startScramCluster(pgBin);
      await cluster.sql(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${OLD}'`);
      await cluster.sql(`CREATE DATABASE ${ROLE} OWNER ${ROLE}`);
      dir = mkdtempSync(join(tmpdir(), 'mutt-pgrot-'));
      writeFileSync(join(dir, 'db_pass'), `${OLD}\n`);
      const env = {
        ...redisPostgresEnv(prefix, ROLE),
        DB_HOST: '127.0.0.1',
        DB_PORT: String(cluster.port),
        DB_USER: ROLE,
        DB_PASS_CURRENT_FILE: join(dir, 'db_pass'),
      };
      const config = loadConfig(env);
      secrets = await resolveSecrets(config, logger, { env });
      backends = await createBackends(config, logger, { profile: 'redis-postgres', migrateOnStart: true });
      follower = followBackendSecrets(secrets, backends, config, logger);
    });

    afterAll(async () => {
      follower?.stop();
      await backends?.close();
      await secrets?.close();
      await cluster?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
      await deleteRedisKeys(prefix);
    });

    async function sessions(): Promise<number[]> {
      const r = await cluster.sql(`SELECT pid FROM pg_stat_activity WHERE usename = '${ROLE}'`);
      return r.rows.map((row: { pid: number }) => row.pid);
    }

    it('the cluster really refuses a wrong password', async () => {
      const c = new pg.Client({
        host: '127.0.0.1',
        port: cluster.port,
        user: ROLE,
        password: 'not-the-password',
        database: ROLE,
      });
      const err = (await c.connect().then(
        () => undefined,
        (e: unknown) => e,
      )) as { code?: string } | undefined;
      await c.end().catch(() => undefined);
      expect(err?.code).toBe('28P01');
    });

    it('after ALTER ROLE and a reload, old connections close and new ones authenticate with the new password', async () => {
      // Several connections in the pool, all opened with the old password.
      await Promise.all(Array.from({ length: 4 }, () => backends.sql.query('SELECT pg_sleep(0.05)')));
      const before = await sessions();
      expect(before.length).toBeGreaterThan(0);

      await cluster.sql(`ALTER ROLE ${ROLE} PASSWORD '${NEW}'`);
      writeFileSync(join(dir, 'db_pass'), `${NEW}\n`);
      const change = await secrets.reload();
      expect(change.changed).toEqual(['DB_PASS_CURRENT']);
      await follower.settled();

      // The replaced pool's idle connections close without anyone terminating them.
      await waitFor(
        async () => (await sessions()).every((pid) => !before.includes(pid)),
        10_000,
        'the pre-rotation connections to close',
      );
      await cluster.sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${ROLE}'`);

      const r = await backends.sql.query<{ who: string }>('SELECT current_user AS who');
      expect(r.rows[0]?.who).toBe(ROLE);
      expect(await backends.sql.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 1 AS n')).rows[0]?.n)).toBe(1);
      expect(await backends.storeHealthy()).toBe(true);
      expect(logger.text()).not.toContain('authentication failed');
      expect(logger.text()).not.toContain(NEW);
      expect(logger.text()).not.toContain(OLD);
    });
  },
);
