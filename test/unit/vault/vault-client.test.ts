import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MuttError } from '../../../src/core/errors.js';
import { kvDataPath, redact, VaultClient, type VaultClientOptions } from '../../../src/adapters/vault/index.js';
import { startTokenRenewal } from '../../../src/adapters/vault/token-renewal.js';
import { startVaultDouble, type VaultDouble } from '../../helpers/vault-double.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const ROLE = 'role-1234';
const SECRET_ID = 'secret-id-5678-abcd';

function opts(vault: VaultDouble, over: Partial<VaultClientOptions> = {}): VaultClientOptions {
  return {
    addr: vault.addr,
    timeoutMs: 2000,
    tlsVerify: true,
    mountPath: 'secret',
    secretsPath: 'secret/mutt/prod',
    auth: { kind: 'approle', roleId: ROLE, secretId: SECRET_ID },
    ...over,
  };
}

/** A port nothing listens on: bind, read the number, close. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

describe('kvDataPath', () => {
  it('strips a leading <mount>/ and accepts a bare path', () => {
    expect(kvDataPath('secret', 'secret/mutt/prod')).toBe('/v1/secret/data/mutt/prod');
    expect(kvDataPath('secret', 'mutt/prod')).toBe('/v1/secret/data/mutt/prod');
    expect(kvDataPath('kv/', '/kv/mutt/dev/')).toBe('/v1/kv/data/mutt/dev');
    expect(kvDataPath('secret', 'secretive/x')).toBe('/v1/secret/data/secretive/x');
  });
});

describe('redaction', () => {
  it('redact() replaces every sensitive value', () => {
    expect(redact('a tok-1234 b tok-1234 c', ['tok-1234'])).toBe('a [REDACTED] b [REDACTED] c');
  });

  it('a server that echoes the token in its error text never gets it into our error', async () => {
    const token = 'hvs.echoed-token-abcdef';
    const server = createHttpServer((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [`bad token ${String(req.headers['x-vault-token'])}`] }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const client = new VaultClient({
      addr: `http://127.0.0.1:${port}`,
      timeoutMs: 2000,
      tlsVerify: true,
      mountPath: 'secret',
      secretsPath: 'mutt/prod',
      auth: { kind: 'token', token },
    });
    const err = (await client.readSecrets().catch((e: unknown) => e)) as MuttError;
    expect(err.message).toContain('bad token [REDACTED]');
    expect(err.message).not.toContain(token);
    await client.close();
    await new Promise<void>((ok) => server.close(() => ok()));
  });
});

describe('VaultClient against the Vault test double', () => {
  let vault: VaultDouble;
  beforeEach(async () => {
    vault = await startVaultDouble({ roleId: ROLE, secretId: SECRET_ID, tokenTtlSeconds: 600 });
    vault.writeSecret('mutt/prod', { INGEST_API_KEY: 'ingest-key-value-1', REDIS_PASS_CURRENT: 'redis-pass-1' });
  });
  afterEach(async () => {
    await vault.close();
  });

  it('logs in with AppRole, then reads the KV v2 secret', async () => {
    const client = new VaultClient(opts(vault));
    const login = await client.login();
    expect(login).toEqual({ leaseDuration: 600, renewable: true });
    expect(vault.counters.logins).toBe(1);
    expect(await client.readSecrets()).toEqual({ INGEST_API_KEY: 'ingest-key-value-1', REDIS_PASS_CURRENT: 'redis-pass-1' });
    await client.close();
  });

  it('token mode verifies the token with lookup-self and needs no login', async () => {
    const token = vault.issueToken({ ttlSeconds: 0 });
    const client = new VaultClient(opts(vault, { auth: { kind: 'token', token } }));
    expect(await client.login()).toEqual({ leaseDuration: 0, renewable: true });
    expect(vault.counters.logins).toBe(0);
    expect(vault.counters.lookups).toBe(1);
    expect((await client.readSecrets()).INGEST_API_KEY).toBe('ingest-key-value-1');
    await client.close();
  });

  it("a bad AppRole secret-id fails with Vault's text and without the secret-id", async () => {
    const client = new VaultClient(opts(vault, { auth: { kind: 'approle', roleId: ROLE, secretId: 'wrong-secret-id-999' } }));
    const err = await client.login().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MuttError);
    expect((err as MuttError).code).toBe('MUTT_VAULT_REQUEST_FAILED');
    expect((err as MuttError).message).toContain('invalid role or secret ID');
    expect((err as MuttError).message).not.toContain('wrong-secret-id-999');
    await client.close();
  });

  it('a rejected token gives a 403 error that does not contain the token', async () => {
    const token = vault.issueToken();
    vault.revokeToken(token);
    const client = new VaultClient(opts(vault, { auth: { kind: 'token', token } }));
    const err = (await client.readSecrets().catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_VAULT_REQUEST_FAILED');
    expect(err.details?.status).toBe(403);
    expect(err.message).toContain('permission denied');
    expect(JSON.stringify({ m: err.message, d: err.details, s: err.stack })).not.toContain(token);
    await client.close();
  });

  it('a sealed Vault is reported as unavailable', async () => {
    const client = new VaultClient(opts(vault));
    await client.login();
    vault.setSealed(true);
    const err = (await client.readSecrets().catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_VAULT_UNAVAILABLE');
    expect(err.message).toContain('Vault is sealed');
    await client.close();
  });

  it('Vault down: a clear connection error naming the address, no token in it', async () => {
    const port = await deadPort();
    const token = 'hvs.super-secret-token-value';
    const client = new VaultClient(opts(vault, { addr: `http://127.0.0.1:${port}`, auth: { kind: 'token', token } }));
    const err = (await client.login().catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_VAULT_UNAVAILABLE');
    expect(err.message).toContain(`Vault unreachable at http://127.0.0.1:${port}`);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.message).not.toContain(token);
    await client.close();
  });

  it('renewal renews a token whose TTL is under the threshold, and calls onRenewed', async () => {
    const token = vault.issueToken({ ttlSeconds: 5 });
    const client = new VaultClient(opts(vault, { auth: { kind: 'token', token } }));
    const logger = captureLogger();
    let renewedCalls = 0;
    const r = startTokenRenewal({
      client,
      logger,
      thresholdSeconds: 3600,
      intervalMs: 60_000,
      onRenewed: async () => {
        renewedCalls++;
      },
    });
    expect(await r.checkNow()).toBe('renewed');
    expect(vault.counters.renewals).toBe(1);
    expect(renewedCalls).toBe(1);
    expect(logger.text()).toContain('Vault token renewed; new lease_duration=5s');
    await r.stop();
    await client.close();
  });

  it('renewal leaves a token above the threshold, a non-expiring token, and warns on a non-renewable one', async () => {
    const logger = captureLogger();
    const long = new VaultClient(opts(vault, { auth: { kind: 'token', token: vault.issueToken({ ttlSeconds: 7200 }) } }));
    const root = new VaultClient(opts(vault, { auth: { kind: 'token', token: vault.issueToken({ ttlSeconds: 0 }) } }));
    const fixed = new VaultClient(
      opts(vault, { auth: { kind: 'token', token: vault.issueToken({ ttlSeconds: 60, renewable: false }) } }),
    );
    const outcomes = [];
    for (const client of [long, root, fixed]) {
      const r = startTokenRenewal({ client, logger, thresholdSeconds: 3600, intervalMs: 60_000 });
      outcomes.push(await r.checkNow());
      await r.stop();
      await client.close();
    }
    expect(outcomes).toEqual(['not_needed', 'non_expiring', 'not_renewable']);
    expect(vault.counters.renewals).toBe(0);
    expect(
      logger.lines
        .filter((l) => l.level === 'WARNING')
        .map((l) => l.message)
        .join(),
    ).toContain('not renewable');
  });

  it('renewal logs in again with AppRole when the token was revoked', async () => {
    const client = new VaultClient(opts(vault));
    await client.login();
    const logger = captureLogger();
    const r = startTokenRenewal({ client, logger, thresholdSeconds: 3600, intervalMs: 60_000 });
    const before = vault.counters.logins;
    vault.revokeAllTokens();
    expect(await r.checkNow()).toBe('relogged');
    expect(vault.counters.logins).toBe(before + 1);
    expect(logger.text()).toContain('logged in again with AppRole');
    expect((await client.readSecrets()).INGEST_API_KEY).toBe('ingest-key-value-1');
    await r.stop();
    await client.close();
  });
});
