import { bool, int, list, optStr, port, secret, str } from '../define.js';

export const redisVars = {
  redisHost: optStr('REDIS_HOST', {
    section: 'redis',
    description: 'Redis host (default localhost when the redis-postgres profile is active).',
  }),
  redisPort: port('REDIS_PORT', 6379, { section: 'redis', description: 'Redis port.' }),
  redisDb: int('REDIS_DB', 0, { section: 'redis', min: 0, max: 15, description: 'Redis logical database.' }),
  redisKeyPrefix: str('REDIS_KEY_PREFIX', '', {
    section: 'redis',
    description: 'Extra prefix before every `mutt:` key. Empty in production; tests use it to isolate runs.',
  }),
  redisTlsEnabled: bool('REDIS_TLS_ENABLED', false, { section: 'redis', description: 'TLS to Redis.' }),
  redisTlsCaCert: optStr('REDIS_TLS_CA_CERT', {
    section: 'redis',
    aliases: ['REDIS_CA_CERT_PATH'],
    description: 'CA bundle for Redis TLS.',
  }),
  redisMaxConnections: int('REDIS_MAX_CONNECTIONS', 20, {
    section: 'redis',
    min: 5,
    description: 'Connection budget per process.',
  }),
  redisSocketTimeout: int('REDIS_SOCKET_TIMEOUT', 5, { section: 'redis', min: 1, description: 'Per-command timeout, seconds.' }),
  redisSentinels: list('REDIS_SENTINELS', [], {
    section: 'redis',
    description: 'Comma-separated `host:port` Sentinel list; enables Sentinel mode.',
  }),
  redisSentinelMaster: str('REDIS_SENTINEL_MASTER', 'mymaster', { section: 'redis', description: 'Sentinel master name.' }),
  redisPassCurrent: secret('REDIS_PASS_CURRENT', {
    section: 'redis',
    aliases: ['REDIS_PASSWORD', 'REDIS_PASS'],
    description: 'Redis password (also `REDIS_PASS_CURRENT_FILE`; Vault key of the same name).',
  }),
  redisPassNext: secret('REDIS_PASS_NEXT', {
    section: 'redis',
    description: 'Next Redis password during rotation; tried when CURRENT fails.',
  }),
};
