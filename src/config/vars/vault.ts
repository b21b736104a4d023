import { bool, int, optStr, secret, str, type VarDef } from '../define.js';

// VAULT_ADDR must be an http(s) URL: a typo should stop startup naming the variable, not fail at the first call.
function vaultAddr(): VarDef<string | undefined> {
  const base = optStr('VAULT_ADDR', {
    section: 'vault',
    description: 'Vault address, e.g. `https://vault.example.com:8200`. Unset: secrets come from env vars and `*_FILE` files.',
  });
  return {
    ...base,
    parse: (raw) => {
      const v = base.parse(raw);
      if (v === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new Error(`must be an http(s) URL, got "${v}"`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`must be an http(s) URL, got "${v}"`);
      return v.replace(/\/+$/, '');
    },
  };
}

export const vaultVars = {
  vaultAddr: vaultAddr(),
  vaultToken: secret('VAULT_TOKEN', {
    section: 'vault',
    description: 'Vault token; overrides AppRole and the token file (a WARNING is logged).',
  }),
  // Marked secret so config dumps redact it (with the secret-id it grants a token); VAULT_ROLE_ID_FILE works too.
  vaultRoleId: secret('VAULT_ROLE_ID', {
    section: 'vault',
    description: 'AppRole role id. Unset: the VAULT_SECRET_ID_FILE content is used as a token.',
  }),
  vaultSecretIdFile: str('VAULT_SECRET_ID_FILE', '/etc/mutt/vault_secret_id', {
    section: 'vault',
    description: 'File with the AppRole secret-id (or a token when VAULT_ROLE_ID is unset).',
  }),
  vaultMountPath: str('VAULT_MOUNT_PATH', 'secret', { section: 'vault', description: 'KV v2 mount.' }),
  vaultSecretsPath: str('VAULT_SECRETS_PATH', 'secret/mutt/prod', {
    section: 'vault',
    aliases: ['VAULT_SECRET_PATH'],
    description: 'KV v2 secret path; a leading `<mount>/` is stripped.',
  }),
  vaultTokenRenewThreshold: int('VAULT_TOKEN_RENEW_THRESHOLD', 3600, {
    section: 'vault',
    min: 1,
    description: 'Renew the token when its TTL drops below this many seconds.',
  }),
  vaultRenewCheckInterval: int('VAULT_RENEW_CHECK_INTERVAL', 300, {
    section: 'vault',
    min: 1,
    description:
      'Seconds between token TTL checks; each check also re-reads the secret, so a value rotated in Vault arrives without SIGHUP.',
  }),
  vaultTlsCaCert: optStr('VAULT_TLS_CA_CERT', {
    section: 'vault',
    aliases: ['VAULT_CACERT'],
    description: 'CA bundle for Vault.',
  }),
  vaultTlsVerify: bool('VAULT_TLS_VERIFY', true, { section: 'vault', description: 'Verify Vault TLS certificates.' }),
  vaultTimeout: int('VAULT_TIMEOUT', 30, { section: 'vault', min: 1, description: 'HTTP timeout to Vault, seconds.' }),
};
