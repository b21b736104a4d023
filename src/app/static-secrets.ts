// A fixed SecretSource built from config values: for benches, tests and tools that never rotate keys.
import type { Config } from '../config/load.js';
import type { SecretChange, SecretName, SecretSource, SecretValues } from '../ports/secrets.js';

export function staticSecrets(config: Config): SecretSource {
  const raw: Partial<Record<SecretName, string | undefined>> = {
    INGEST_API_KEY: config.ingestApiKey,
    INGEST_API_KEY_NEXT: config.ingestApiKeyNext,
    WEBUI_API_KEY: config.webuiApiKey,
    WEBUI_API_KEY_NEXT: config.webuiApiKeyNext,
    REDIS_PASS_CURRENT: config.redisPassCurrent,
    REDIS_PASS_NEXT: config.redisPassNext,
    DB_USER: config.dbUser,
    DB_PASS_CURRENT: config.dbPassCurrent,
    DB_PASS_NEXT: config.dbPassNext,
  };
  const values: SecretValues = Object.freeze(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')) as SecretValues,
  );
  const unchanged: SecretChange = { changed: [], values };
  return {
    origin: 'env',
    get: (name) => values[name],
    values: () => values,
    reload: async () => unchanged,
    onChange: () => () => undefined,
    close: async () => undefined,
  };
}
