import { bool, int, optStr, port, secret, str } from '../define.js';

export const postgresVars = {
  dbHost: optStr('DB_HOST', {
    section: 'postgres',
    aliases: ['POSTGRES_HOST'],
    description: 'PostgreSQL host (default localhost when the redis-postgres profile is active).',
  }),
  dbPort: port('DB_PORT', 5432, { section: 'postgres', aliases: ['POSTGRES_PORT'], description: 'PostgreSQL port.' }),
  dbName: str('DB_NAME', 'mutt', { section: 'postgres', aliases: ['POSTGRES_DB'], description: 'Database name.' }),
  dbUser: str('DB_USER', 'mutt_user', { section: 'postgres', aliases: ['POSTGRES_USER'], description: 'Database role.' }),
  dbPassCurrent: secret('DB_PASS_CURRENT', {
    section: 'postgres',
    aliases: ['DB_PASSWORD', 'DB_PASS', 'POSTGRES_PASSWORD'],
    description: 'Database password (also `DB_PASS_CURRENT_FILE`; Vault key of the same name).',
  }),
  dbPassNext: secret('DB_PASS_NEXT', { section: 'postgres', description: 'Next database password during rotation.' }),
  dbTlsEnabled: bool('DB_TLS_ENABLED', false, { section: 'postgres', description: 'TLS to PostgreSQL.' }),
  dbTlsCaCert: optStr('DB_TLS_CA_CERT', { section: 'postgres', description: 'CA bundle for PostgreSQL TLS.' }),
  dbPoolMin: int('DB_POOL_MIN_CONN', 2, {
    section: 'postgres',
    aliases: ['POSTGRES_POOL_MIN'],
    min: 0,
    description: 'Minimum pool connections.',
  }),
  dbPoolMax: int('DB_POOL_MAX_CONN', 10, {
    section: 'postgres',
    aliases: ['POSTGRES_POOL_MAX'],
    min: 1,
    description: 'Maximum pool connections.',
  }),
  dbStatementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 30_000, {
    section: 'postgres',
    min: 0,
    description:
      'Server-side `statement_timeout` for every MUTT connection, ms; 0 leaves the role/database setting. Behind PgBouncer add `statement_timeout` to `ignore_startup_parameters`.',
  }),
  dbQueryTimeoutMs: int('DB_QUERY_TIMEOUT_MS', 35_000, {
    section: 'postgres',
    min: 0,
    description:
      "Client-side limit on waiting for a query's answer, ms; the connection is then discarded (a silent connection is replaced, see docs/hardening.md). 0 = no limit. Keep it above DB_STATEMENT_TIMEOUT_MS.",
  }),
};
