// Secrets at service start: from Vault when VAULT_ADDR is set, else from the loaded config (env / *_FILE).
// The returned source re-reads on reload() (SIGHUP) and after each token renewal, and tells listeners.
import { loadConfig, type Config, type Env } from '../config/load.js';
import { MuttError } from '../core/errors.js';
import { startTokenRenewal, type TokenRenewal } from '../adapters/vault/token-renewal.js';
import { vaultClientOptions } from '../adapters/vault/vault-auth.js';
import { VaultClient } from '../adapters/vault/vault-client.js';
import type { Logger } from '../observability/logger.js';
import type { SecretChange, SecretName, SecretOrigin, SecretSource, SecretValues } from '../ports/secrets.js';
import {
  changedNames,
  compact,
  fromConfig,
  fromVaultData,
  missingRequirement,
  type SecretRequirement,
} from './secrets-catalogue.js';

export { requiredSecretsFor, SECRET_REQUIREMENTS, type SecretRequirement } from './secrets-catalogue.js';

export interface ResolveSecretsOptions {
  /** Start fails (and reload keeps the old values) when one of these is unmet. Default: none. */
  readonly required?: readonly SecretRequirement[];
  /** Lowest-priority values, e.g. the embedded profile's generated keys. */
  readonly defaults?: SecretValues;
  /** Env mode: the environment to re-load config from on reload(), so rotated `*_FILE` contents are seen.
   *  A function is called at each reload, e.g. to re-read an env file too. */
  readonly env?: Env | (() => Env);
  /** Overrides VAULT_RENEW_CHECK_INTERVAL (tests inject short timings). */
  readonly renewCheckIntervalMs?: number;
}

type Reader = () => Promise<SecretValues>;

class ReloadableSecrets implements SecretSource {
  private current: SecretValues;
  private readonly listeners = new Set<(change: SecretChange) => void>();
  private inFlight: Promise<SecretChange> | undefined;
  renewal: TokenRenewal | undefined;

  constructor(
    readonly origin: SecretOrigin,
    initial: SecretValues,
    private readonly read: Reader,
    private readonly required: readonly SecretRequirement[],
    private readonly logger: Logger,
    private readonly release: () => Promise<void>,
  ) {
    this.current = initial;
  }

  get(name: SecretName): string | undefined {
    return this.current[name];
  }
  values(): SecretValues {
    return this.current;
  }

  onChange(listener: (change: SecretChange) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  reload(): Promise<SecretChange> {
    this.inFlight ??= this.doReload().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doReload(): Promise<SecretChange> {
    const where = this.origin === 'vault' ? 'Vault' : 'environment';
    let next: SecretValues;
    try {
      next = await this.read();
    } catch (err) {
      this.logger.error(`Secret reload from ${where} failed; keeping current secrets: ${(err as Error).message}`);
      throw err;
    }
    const missing = missingRequirement(next, this.required, this.origin);
    if (missing !== undefined) {
      this.logger.error(`Secret reload from ${where} failed; keeping current secrets: ${missing}`);
      throw new MuttError('MUTT_SECRET_MISSING', missing);
    }
    const changed = changedNames(this.current, next);
    this.current = next;
    const change: SecretChange = { changed, values: next };
    if (changed.length === 0) {
      this.logger.debug(`Secrets reloaded from ${where}; nothing changed`);
      return change;
    }
    this.logger.info(`Secrets reloaded from ${where}; changed: ${changed.join(', ')}`);
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.logger.error(`Secret change listener failed: ${(err as Error).message}`);
      }
    }
    return change;
  }

  async close(): Promise<void> {
    await this.renewal?.stop();
    await this.release();
  }
}

function names(values: SecretValues): string {
  const found = Object.keys(values);
  return found.length > 0 ? found.join(', ') : '(none)';
}

async function fromVault(config: Config, logger: Logger, opts: ResolveSecretsOptions): Promise<SecretSource> {
  let client: VaultClient | undefined;
  try {
    client = new VaultClient(vaultClientOptions(config, logger));
    const login = await client.login();
    logger.info(
      `Vault authenticated via ${client.authKind}; lease_duration=${login.leaseDuration}s renewable=${login.renewable}`,
    );
    const c = client;
    const read: Reader = async () => compact({ ...opts.defaults, ...fromVaultData(await c.readSecrets(), config) });
    const initial = await read();
    const missing = missingRequirement(initial, opts.required ?? [], 'vault');
    if (missing !== undefined) throw new MuttError('MUTT_SECRET_MISSING', missing);
    logger.info(`Secrets loaded from Vault ${c.dataPath}: ${names(initial)}`);
    const source = new ReloadableSecrets('vault', initial, read, opts.required ?? [], logger, () => c.close());
    source.renewal = startTokenRenewal({
      client: c,
      logger,
      thresholdSeconds: config.vaultTokenRenewThreshold,
      intervalMs: opts.renewCheckIntervalMs ?? config.vaultRenewCheckInterval * 1000,
      // Re-read at every check (one KV read per interval), so a secret rotated in Vault arrives within
      // VAULT_RENEW_CHECK_INTERVAL without SIGHUP; reload() logs its own failure.
      onChecked: () =>
        source.reload().then(
          () => undefined,
          () => undefined,
        ),
    });
    return source;
  } catch (err) {
    await client?.close();
    logger.critical(`FATAL: Failed to fetch secrets from Vault: ${(err as Error).message}`);
    throw err;
  }
}

function fromEnv(config: Config, logger: Logger, opts: ResolveSecretsOptions): SecretSource {
  const initial = compact({ ...opts.defaults, ...fromConfig(config) });
  const missing = missingRequirement(initial, opts.required ?? [], 'env');
  if (missing !== undefined) {
    logger.critical(`FATAL: ${missing}`);
    throw new MuttError('MUTT_SECRET_MISSING', missing);
  }
  const env = opts.env;
  const read: Reader = async () =>
    compact({
      ...opts.defaults,
      ...fromConfig(env === undefined ? config : loadConfig(typeof env === 'function' ? env() : env)),
    });
  return new ReloadableSecrets('env', initial, read, opts.required ?? [], logger, async () => undefined);
}

/** Resolves the secret catalogue once at start. Rejects (after logging the guide's FATAL line) when it cannot. */
export async function resolveSecrets(config: Config, logger: Logger, opts: ResolveSecretsOptions = {}): Promise<SecretSource> {
  if (config.vaultAddr !== undefined) return fromVault(config, logger, opts);
  logger.warning('Vault disabled: secrets read from environment');
  return fromEnv(config, logger, opts);
}
