// Picks the Vault credentials from config, in the order the guide assumes: VAULT_TOKEN override,
// else AppRole with the secret-id file, else the file's content used as a token.
import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../../config/load.js';
import { MuttError } from '../../core/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { VaultAuth, VaultClientOptions } from './vault-client.js';

export const GUIDE_SECRET_ID_FILE = '/etc/mutt/vault_secret_id';
/** The reference code's default; tried only when the guide's default path is absent. */
export const REF_SECRET_ID_FILE = '/etc/mutt/secrets/vault_secret_id';

export type VaultConfig = Pick<
  Config,
  | 'vaultAddr'
  | 'vaultToken'
  | 'vaultRoleId'
  | 'vaultSecretIdFile'
  | 'vaultMountPath'
  | 'vaultSecretsPath'
  | 'vaultTlsCaCert'
  | 'vaultTlsVerify'
  | 'vaultTimeout'
>;

function readCredentialFile(configured: string): string {
  let path = configured;
  if (!existsSync(path) && path === GUIDE_SECRET_ID_FILE && existsSync(REF_SECRET_ID_FILE)) path = REF_SECRET_ID_FILE;
  if (!existsSync(path)) throw new MuttError('MUTT_VAULT_CREDENTIALS', `Vault Secret ID file not found: ${path}`, { path });
  const value = readFileSync(path, 'utf8').trim();
  if (value.length === 0) throw new MuttError('MUTT_VAULT_CREDENTIALS', 'Vault Secret ID file is empty', { path });
  return value;
}

export function resolveVaultAuth(config: VaultConfig, logger: Logger): VaultAuth {
  if (config.vaultToken !== undefined) {
    logger.warning('Vault: using VAULT_TOKEN override');
    return { kind: 'token', token: config.vaultToken };
  }
  const fromFile = readCredentialFile(config.vaultSecretIdFile);
  if (config.vaultRoleId !== undefined) return { kind: 'approle', roleId: config.vaultRoleId, secretId: fromFile };
  return { kind: 'token', token: fromFile };
}

/** Requires VAULT_ADDR to be set; callers check that first. */
export function vaultClientOptions(config: VaultConfig, logger: Logger): VaultClientOptions {
  if (config.vaultAddr === undefined) throw new MuttError('MUTT_VAULT_CREDENTIALS', 'VAULT_ADDR is not set');
  return {
    addr: config.vaultAddr,
    timeoutMs: config.vaultTimeout * 1000,
    caCertPath: config.vaultTlsCaCert,
    tlsVerify: config.vaultTlsVerify,
    mountPath: config.vaultMountPath,
    secretsPath: config.vaultSecretsPath,
    auth: resolveVaultAuth(config, logger),
  };
}
