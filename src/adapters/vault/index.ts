export {
  VaultClient,
  kvDataPath,
  type VaultAuth,
  type VaultClientOptions,
  type TokenStatus,
  type LoginResult,
} from './vault-client.js';
export { VaultHttp, redact, type VaultHttpOptions } from './vault-http.js';
export {
  resolveVaultAuth,
  vaultClientOptions,
  GUIDE_SECRET_ID_FILE,
  REF_SECRET_ID_FILE,
  type VaultConfig,
} from './vault-auth.js';
export { startTokenRenewal, type TokenRenewal, type TokenRenewalOptions, type RenewOutcome } from './token-renewal.js';
