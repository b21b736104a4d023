// Hands rotated back-end secrets (Redis and PostgreSQL passwords, DB_USER) to the open back ends. Services
// follow their own API keys through SecretSource.onChange; this is the one subscriber for connections.
import type { Config } from '../config/load.js';
import type { Logger } from '../observability/logger.js';
import type { Backends } from '../ports/backends.js';
import type { SecretName, SecretSource } from '../ports/secrets.js';

const BACKEND_SECRETS: readonly SecretName[] = [
  'REDIS_PASS_CURRENT',
  'REDIS_PASS_NEXT',
  'DB_USER',
  'DB_PASS_CURRENT',
  'DB_PASS_NEXT',
];

export interface BackendSecretsFollower {
  /** Resolves once the latest rotation has been applied (Redis AUTH probe included). */
  settled(): Promise<void>;
  stop(): void;
}

export function followBackendSecrets(
  secrets: SecretSource,
  backends: Backends,
  config: Pick<Config, 'dbUser'>,
  logger: Logger,
): BackendSecretsFollower {
  let applying: Promise<void> = Promise.resolve();
  const stop = secrets.onChange(({ changed, values }) => {
    if (!changed.some((n) => BACKEND_SECRETS.includes(n))) return;
    // Chained, so two quick reloads apply in order and the last one wins.
    applying = applying.then(() =>
      backends
        .rotateCredentials({
          redisPassCurrent: values.REDIS_PASS_CURRENT,
          redisPassNext: values.REDIS_PASS_NEXT,
          dbUser: values.DB_USER ?? config.dbUser,
          dbPassCurrent: values.DB_PASS_CURRENT,
          dbPassNext: values.DB_PASS_NEXT,
        })
        .catch((err: unknown) => logger.error(`Applying rotated back-end credentials failed: ${(err as Error).message}`)),
    );
  });
  return { settled: () => applying, stop };
}
