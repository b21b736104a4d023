// Redis password rotation through the Vault test double, with no SIGHUP: the periodic secret re-read reaches the
// open back ends, and after every client connection is killed, queues (command + blocking pool) and pub/sub
// reconnect with the new password against a redis-server started here with requirepass.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followBackendSecrets, type BackendSecretsFollower } from '../../../src/app/backend-secrets.js';
import { createBackends } from '../../../src/app/backends.js';
import { resolveSecrets } from '../../../src/app/secrets.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Backends } from '../../../src/ports/backends.js';
import type { SecretSource } from '../../../src/ports/secrets.js';
import { freePort } from '../../support/free-port.js';
import { createTestDatabase, isRedisProfile, redisPostgresEnv, uniqueName } from '../../helpers/backends.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { startVaultDouble, type VaultDouble } from '../../helpers/vault-double.js';
import { waitFor } from './redis-fixture.js';

const OLD = 'redis-old-pass-7f3a';
const NEW = 'redis-new-pass-91c2';

describe.skipIf(!isRedisProfile)(
  'Redis password rotation from Vault (needs the redis-postgres profile: real redis-server)',
  () => {
    let server: ChildProcess;
    let admin: Redis;
    let vault: VaultDouble;
    let secrets: SecretSource;
    let backends: Backends;
    let follower: BackendSecretsFollower;
    let db: { drop: () => Promise<void> };
    const logger = captureLogger();
    const prefix = `${uniqueName('rot')}:`;

    beforeAll(async () => {
      const port = await freePort();
      server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', OLD, '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      admin = new Redis({ host: '127.0.0.1', port, password: OLD, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      admin.on('error', () => undefined); // refused until redis-server listens; the ping below reports a real failure
      await waitFor(async () => (await admin.ping().catch(() => '')) === 'PONG', 10_000, 'the throwaway redis-server');
      vault = await startVaultDouble();
      vault.writeSecret('mutt/prod', { INGEST_API_KEY: 'ingest-key-rot', REDIS_PASS_CURRENT: OLD });
      const database = await createTestDatabase('redisrot');
      db = database;
      const env = {
        ...redisPostgresEnv(prefix, database.name),
        REDIS_PORT: String(port),
        VAULT_ADDR: vault.addr,
        VAULT_TOKEN: vault.issueToken({ ttlSeconds: 0 }),
      };
      secrets = await resolveSecrets(loadConfig(env), logger, { renewCheckIntervalMs: 50 });
      const config = loadConfig({ ...env, REDIS_PASS_CURRENT: secrets.get('REDIS_PASS_CURRENT') ?? '' });
      backends = await createBackends(config, logger, { profile: 'redis-postgres', migrateOnStart: true });
      follower = followBackendSecrets(secrets, backends, config, logger);
    });

    afterAll(async () => {
      follower?.stop();
      await backends?.close();
      await secrets?.close();
      await vault?.close();
      await admin?.quit().catch(() => undefined);
      if (server?.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGKILL');
      await db?.drop();
    });

    const q = (): string => `${prefix}q`;
    const p = (): string => `${prefix}p`;

    async function roundTrip(body: string): Promise<boolean> {
      await backends.queues.push(q(), [body]);
      const got = await backends.queues.claim(q(), p(), 1, 500);
      if (got.length === 0) return false;
      await backends.queues.settle(p(), got, []);
      return got[0]?.body === body;
    }

    it('push, blocking claim and pub/sub keep working after the password changes in Vault and every connection is killed', async () => {
      const received: string[] = [];
      await backends.pubsub.subscribe(`${prefix}chan`, (m) => received.push(m));
      expect(await roundTrip('before')).toBe(true);

      await admin.config('SET', 'requirepass', NEW);
      vault.patchSecret('mutt/prod', { REDIS_PASS_CURRENT: NEW });
      await waitFor(async () => secrets.get('REDIS_PASS_CURRENT') === NEW, 5_000, 'the periodic Vault re-read');
      await follower.settled();
      expect(logger.text()).toContain('Redis password rotated; Redis accepted REDIS_PASS_CURRENT');

      // Authenticated sessions survive a requirepass change; only reconnects prove the new password is used.
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal');
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
      await waitFor(async () => roundTrip(`after-${Date.now()}`).catch(() => false), 15_000, 'a push/claim after the reconnect');
      await waitFor(
        async () => {
          await backends.pubsub.publish(`${prefix}chan`, 'after');
          return received.includes('after');
        },
        15_000,
        'a pub/sub message after the subscriber reconnected',
      );
      // Reconnects used the rotated password straight away, not after a WRONGPASS and a CURRENT/NEXT swap.
      expect(logger.text()).not.toContain('WRONGPASS');
      expect(logger.text()).not.toContain(NEW);
      expect(logger.text()).not.toContain(OLD);
    });
  },
);
