import { bool, int, num, oneOf, optStr, str } from '../define.js';

export const generalVars = {
  profile: oneOf('MUTT_PROFILE', ['auto', 'embedded', 'redis-postgres'], 'auto', {
    section: 'general',
    description:
      'Back-end profile. `auto` picks redis-postgres when REDIS_HOST, REDIS_SENTINELS or DB_HOST is set, else embedded (for `mutt start`).',
  }),
  dataDir: str('MUTT_DATA_DIR', './data', {
    section: 'general',
    description: 'Embedded profile: PGlite database and generated keys live here.',
  }),
  podName: optStr('POD_NAME', {
    section: 'general',
    description: 'Instance name used in processing-list and heartbeat keys. Default `<hostname>-<service>`; `:` is rejected.',
  }),
  serviceVersion: str('SERVICE_VERSION', '2.5.0', { section: 'general', description: 'Version reported in logs and /health.' }),
  deploymentEnv: str('DEPLOYMENT_ENV', 'production', { section: 'general', description: 'Deployment environment label.' }),
  dynamicConfigEnabled: bool('DYNAMIC_CONFIG_ENABLED', true, {
    section: 'general',
    description: 'Read `mutt:config:*` overrides and follow `mutt:config:updates`. On by default in MUTT (the guide assumes it).',
  }),
  dynamicConfigCacheTtl: int('DYNAMIC_CONFIG_CACHE_TTL', 5, {
    section: 'general',
    min: 0,
    description: 'Seconds a dynamic-config value is cached locally when no change notification arrives.',
  }),
  heartbeatInterval: int('HEARTBEAT_INTERVAL', 10, {
    section: 'general',
    min: 1,
    description: 'Seconds between worker heartbeats.',
  }),
  heartbeatTtl: int('HEARTBEAT_TTL', 30, {
    section: 'general',
    min: 2,
    description: 'Seconds a heartbeat key lives; a pod without one is dead to the janitor.',
  }),
  janitorInterval: int('JANITOR_INTERVAL', 30, {
    section: 'general',
    min: 1,
    description: "Seconds between janitor sweeps for dead pods' processing lists.",
  }),
  shutdownGraceSeconds: num('SHUTDOWN_GRACE_SECONDS', 15, {
    section: 'general',
    min: 0,
    description:
      'Alerter, forwarder and remediation: how long a stop waits for in-flight work before returning the rest of the processing list to its queue.',
  }),
  httpRequestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 30_000, {
    section: 'general',
    min: 1_000,
    description:
      'Ingestor and web UI: time a client has to send a whole request (headers and body), ms; slower ones get 408. Does not limit the handler (database waits are bounded by DB_QUERY_TIMEOUT_MS).',
  }),
  prometheusUrl: optStr('PROMETHEUS_URL', {
    section: 'webui',
    description: 'Prometheus server for the SLO endpoint. No default: unset means SLO answers 503.',
  }),
};
