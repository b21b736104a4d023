import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Env } from '../../../src/config/load.js';
import { MuttError } from '../../../src/core/errors.js';
import { requiredSecretsFor, resolveSecrets, SECRET_REQUIREMENTS } from '../../../src/app/secrets.js';
import type { SecretChange, SecretSource } from '../../../src/ports/secrets.js';
import { startVaultDouble, type VaultDouble } from '../../helpers/vault-double.js';
import { captureLogger, waitFor } from '../../helpers/capture-logger.js';

const ROLE = 'mutt-role-id';
const SECRET_ID = 'approle-secret-id-0001';
const INGEST = 'ingest-key-aaaa-1111';
const REDIS = 'redis-pass-bbbb-2222';

describe('resolveSecrets with Vault (test double)', () => {
  let vault: VaultDouble;
  let dir: string;
  let sources: SecretSource[];
  beforeEach(async () => {
    vault = await startVaultDouble({ roleId: ROLE, secretId: SECRET_ID, tokenTtlSeconds: 7200 });
    vault.writeSecret('mutt/prod', {
      INGEST_API_KEY: INGEST,
      REDIS_PASS: REDIS,
      DB_PASS_CURRENT: 'db-pass-cccc',
      MOOG_API_KEY: 'moog-key-dddd',
    });
    dir = mkdtempSync(join(tmpdir(), 'mutt-vault-'));
    sources = [];
  });
  afterEach(async () => {
    for (const s of sources) await s.close();
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function env(over: Env = {}): Env {
    const file = join(dir, 'vault_secret_id');
    writeFileSync(file, `${SECRET_ID}\n`);
    return { VAULT_ADDR: vault.addr, VAULT_ROLE_ID: ROLE, VAULT_SECRET_ID_FILE: file, ...over };
  }
  async function resolve(
    e: Env,
    opts: Parameters<typeof resolveSecrets>[2] = {},
    logger = captureLogger(),
  ): Promise<SecretSource> {
    const s = await resolveSecrets(loadConfig(e), logger, opts);
    sources.push(s);
    return s;
  }

  it('AppRole login then KV read; legacy REDIS_PASS fills REDIS_PASS_CURRENT; logs names only', async () => {
    const logger = captureLogger();
    const s = await resolve(env(), { required: requiredSecretsFor('ingestor', 'redis-postgres') }, logger);
    expect(s.origin).toBe('vault');
    expect(s.get('INGEST_API_KEY')).toBe(INGEST);
    expect(s.get('REDIS_PASS_CURRENT')).toBe(REDIS);
    expect(s.get('DB_USER')).toBe('mutt_user');
    expect(vault.counters.logins).toBe(1);
    expect(logger.text()).toContain('Secrets loaded from Vault /v1/secret/data/mutt/prod: INGEST_API_KEY');
    for (const v of [INGEST, REDIS, SECRET_ID, 'db-pass-cccc', 'moog-key-dddd']) expect(logger.text()).not.toContain(v);
  });

  it('token mode: the secret-id file holds a token when VAULT_ROLE_ID is unset', async () => {
    const token = vault.issueToken({ ttlSeconds: 0 });
    const file = join(dir, 'token');
    writeFileSync(file, token);
    const s = await resolve({ VAULT_ADDR: vault.addr, VAULT_SECRET_ID_FILE: file, VAULT_SECRET_PATH: 'mutt/prod' });
    expect(s.get('MOOG_API_KEY')).toBe('moog-key-dddd');
    expect(vault.counters.logins).toBe(0);
  });

  it('token mode: VAULT_TOKEN overrides, with the WARNING the spec names', async () => {
    const logger = captureLogger();
    const s = await resolve({ VAULT_ADDR: vault.addr, VAULT_TOKEN: vault.issueToken() }, {}, logger);
    expect(s.get('INGEST_API_KEY')).toBe(INGEST);
    expect(logger.lines.some((l) => l.level === 'WARNING' && l.message.includes('using VAULT_TOKEN override'))).toBe(true);
  });

  it('renews a token whose TTL is low and re-reads secrets after the renewal', async () => {
    const token = vault.issueToken({ ttlSeconds: 30 });
    const s = await resolve(
      { VAULT_ADDR: vault.addr, VAULT_TOKEN: token, VAULT_TOKEN_RENEW_THRESHOLD: '3600' },
      { renewCheckIntervalMs: 25 },
    );
    const changes: SecretChange[] = [];
    s.onChange((c) => changes.push(c));
    vault.patchSecret('mutt/prod', { INGEST_API_KEY_NEXT: 'ingest-next-eeee' });
    await waitFor(() => vault.counters.renewals >= 1, 5000, 'a token renewal');
    await waitFor(() => changes.length >= 1, 5000, 'the post-renewal re-read');
    expect(changes[0]?.changed).toEqual(['INGEST_API_KEY_NEXT']);
    expect(s.get('INGEST_API_KEY_NEXT')).toBe('ingest-next-eeee');
  });

  it('a secret rotated in Vault arrives at the next token check without SIGHUP, even when no renewal is due', async () => {
    const token = vault.issueToken({ ttlSeconds: 0 }); // non-expiring: the check never renews it
    const s = await resolve({ VAULT_ADDR: vault.addr, VAULT_TOKEN: token }, { renewCheckIntervalMs: 25 });
    const changes: SecretChange[] = [];
    s.onChange((c) => changes.push(c));
    vault.patchSecret('mutt/prod', { REDIS_PASS_CURRENT: 'redis-rotated-in-vault' });
    await waitFor(() => changes.length >= 1, 5000, 'the periodic re-read');
    expect(changes[0]?.changed).toEqual(['REDIS_PASS_CURRENT']);
    expect(s.get('REDIS_PASS_CURRENT')).toBe('redis-rotated-in-vault');
    expect(vault.counters.renewals).toBe(0);
  });

  it('rotation: reload() picks up the new values and onChange fires with the changed names', async () => {
    const s = await resolve(env());
    const seen: SecretChange[] = [];
    const off = s.onChange((c) => seen.push(c));
    vault.patchSecret('mutt/prod', { REDIS_PASS_NEXT: 'redis-next-ffff' });
    const c1 = await s.reload();
    expect(c1.changed).toEqual(['REDIS_PASS_NEXT']);
    vault.patchSecret('mutt/prod', { REDIS_PASS_CURRENT: 'redis-next-ffff' });
    await s.reload();
    expect(s.get('REDIS_PASS_CURRENT')).toBe('redis-next-ffff');
    expect(seen.map((c) => c.changed)).toEqual([['REDIS_PASS_NEXT'], ['REDIS_PASS_CURRENT']]);
    off();
    const c3 = await s.reload();
    expect(c3.changed).toEqual([]);
    expect(seen).toHaveLength(2);
  });

  it('a reload that loses a required secret keeps the old values and rejects naming it', async () => {
    const logger = captureLogger();
    const s = await resolve(env(), { required: [SECRET_REQUIREMENTS.ingestApiKey] }, logger);
    vault.writeSecret('mutt/prod', { REDIS_PASS_CURRENT: REDIS }); // `vault kv put` drops the other keys
    const err = (await s.reload().catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_SECRET_MISSING');
    expect(err.message).toBe('Required secret INGEST_API_KEY not found in Vault');
    expect(s.get('INGEST_API_KEY')).toBe(INGEST);
    expect(logger.text()).toContain('keeping current secrets');
  });

  it("missing INGEST_API_KEY at start: error and the guide's FATAL line name it", async () => {
    vault.writeSecret('mutt/prod', { REDIS_PASS_CURRENT: REDIS });
    const logger = captureLogger();
    const err = (await resolve(env(), { required: requiredSecretsFor('ingestor', 'redis-postgres') }, logger).catch(
      (e: unknown) => e,
    )) as MuttError;
    expect(err.code).toBe('MUTT_SECRET_MISSING');
    expect(err.message).toBe('Required secret INGEST_API_KEY not found in Vault');
    const fatal = logger.lines.find((l) => l.level === 'CRITICAL');
    expect(fatal?.message).toBe('FATAL: Failed to fetch secrets from Vault: Required secret INGEST_API_KEY not found in Vault');
  });

  it("missing Redis password in Vault: the spec's message with the legacy name", async () => {
    vault.writeSecret('mutt/prod', { INGEST_API_KEY: INGEST });
    const err = (await resolve(env(), { required: requiredSecretsFor('ingestor', 'redis-postgres') }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toBe('Required Redis secret not found in Vault (expected REDIS_PASS_CURRENT or REDIS_PASS)');
  });

  it('missing or empty secret-id file: the reference texts', async () => {
    const missing = join(dir, 'nope');
    const e1 = (await resolve({ VAULT_ADDR: vault.addr, VAULT_ROLE_ID: ROLE, VAULT_SECRET_ID_FILE: missing }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(e1.message).toBe(`Vault Secret ID file not found: ${missing}`);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '  \n');
    const e2 = (await resolve({ VAULT_ADDR: vault.addr, VAULT_ROLE_ID: ROLE, VAULT_SECRET_ID_FILE: empty }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(e2.message).toBe('Vault Secret ID file is empty');
  });

  it('Vault down: clear error and FATAL line, no token or secret-id anywhere', async () => {
    const addr = vault.addr;
    await vault.close();
    vault = await startVaultDouble(); // afterEach closes this one
    const logger = captureLogger();
    const token = 'hvs.never-show-this-token';
    const err = (await resolve({ VAULT_ADDR: addr, VAULT_TOKEN: token }, {}, logger).catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_VAULT_UNAVAILABLE');
    expect(err.message).toContain(`Vault unreachable at ${addr}`);
    expect(logger.text()).toContain('FATAL: Failed to fetch secrets from Vault: Vault unreachable');
    expect(`${err.message}\n${err.stack ?? ''}\n${JSON.stringify(err.details)}\n${logger.text()}`).not.toContain(token);
  });

  it("a missing KV path is fatal with Vault's status", async () => {
    const err = (await resolve(env({ VAULT_SECRETS_PATH: 'secret/mutt/nowhere' })).catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_VAULT_REQUEST_FAILED');
    expect(err.message).toContain('GET /v1/secret/data/mutt/nowhere answered 404');
  });
});

describe('resolveSecrets without Vault', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mutt-envsec-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads env and *_FILE values through config, warns that Vault is disabled', async () => {
    const file = join(dir, 'redis');
    writeFileSync(file, 'redis-from-file\n');
    const logger = captureLogger();
    const s = await resolveSecrets(loadConfig({ INGEST_API_KEY: 'env-ingest-key', REDIS_PASS_CURRENT_FILE: file }), logger, {
      required: requiredSecretsFor('ingestor', 'redis-postgres'),
    });
    expect(s.origin).toBe('env');
    expect(s.get('INGEST_API_KEY')).toBe('env-ingest-key');
    expect(s.get('REDIS_PASS_CURRENT')).toBe('redis-from-file');
    expect(logger.text()).toContain('Vault disabled: secrets read from environment');
    await s.close();
  });

  it('a missing required key names the variable; a missing Redis password is allowed (no AUTH)', async () => {
    const logger = captureLogger();
    const err = (await resolveSecrets(loadConfig({}), logger, {
      required: requiredSecretsFor('ingestor', 'redis-postgres'),
    }).catch((e: unknown) => e)) as MuttError;
    expect(err.code).toBe('MUTT_SECRET_MISSING');
    expect(err.message).toContain('Required secret INGEST_API_KEY not found in environment');
    expect(logger.text()).toContain('FATAL: Required secret INGEST_API_KEY not found in environment');
    const ok = await resolveSecrets(loadConfig({ INGEST_API_KEY: 'k-1234' }), logger, {
      required: requiredSecretsFor('ingestor', 'redis-postgres'),
    });
    expect(ok.get('REDIS_PASS_CURRENT')).toBeUndefined();
    await ok.close();
  });

  it('env given as a function is called at each reload (a rotated --env-file is seen too)', async () => {
    let e: Env = { INGEST_API_KEY: 'from-env-file-v1' };
    const s = await resolveSecrets(loadConfig(e), captureLogger(), { env: () => e });
    e = { INGEST_API_KEY: 'from-env-file-v2' };
    const change = await s.reload();
    expect(change.changed).toEqual(['INGEST_API_KEY']);
    expect(s.get('INGEST_API_KEY')).toBe('from-env-file-v2');
    await s.close();
  });

  it('defaults (embedded keys) fill gaps; env wins; reload() re-reads rotated *_FILE content', async () => {
    const file = join(dir, 'webui');
    writeFileSync(file, 'webui-v1');
    const e: Env = { WEBUI_API_KEY_FILE: file };
    const s = await resolveSecrets(loadConfig(e), captureLogger(), {
      env: e,
      defaults: { INGEST_API_KEY: 'generated-ingest', WEBUI_API_KEY: 'generated-webui' },
    });
    expect(s.get('INGEST_API_KEY')).toBe('generated-ingest');
    expect(s.get('WEBUI_API_KEY')).toBe('webui-v1');
    const seen: SecretChange[] = [];
    s.onChange((c) => seen.push(c));
    writeFileSync(file, 'webui-v2');
    await s.reload();
    expect(s.get('WEBUI_API_KEY')).toBe('webui-v2');
    expect(seen.map((c) => c.changed)).toEqual([['WEBUI_API_KEY']]);
    await s.close();
  });
});
