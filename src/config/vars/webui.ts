import { int, port, secret, str } from '../define.js';

export const webuiVars = {
  webuiHost: str('WEBUI_HOST', '0.0.0.0', { section: 'webui', description: 'Bind address.' }),
  webuiPort: port('WEBUI_PORT', 8090, {
    section: 'webui',
    aliases: ['SERVER_PORT_WEBUI'],
    description: 'Dashboard, management API, /health and /metrics.',
  }),
  webuiApiKey: secret('WEBUI_API_KEY', {
    section: 'webui',
    aliases: ['WEBUI_API_KEY_CURRENT'],
    description: 'Management API key (also `WEBUI_API_KEY_FILE`, Vault key `WEBUI_API_KEY`). Embedded profile generates one.',
  }),
  webuiApiKeyNext: secret('WEBUI_API_KEY_NEXT', {
    section: 'webui',
    description: 'Second accepted management key during rotation.',
  }),
  metricsCacheTtl: int('METRICS_CACHE_TTL', 5, {
    section: 'webui',
    description: 'Seconds the /api/v2/metrics summary is cached in process; <= 0 disables the cache.',
  }),
  auditLogPageSize: int('AUDIT_LOG_PAGE_SIZE', 50, {
    section: 'webui',
    min: 1,
    max: 200,
    description: 'Default `limit` of paginated API endpoints (max 200).',
  }),
  webuiBodyLimit: int('WEBUI_MAX_BODY_BYTES', 1048576, {
    section: 'webui',
    min: 1024,
    description: 'Largest accepted API request body, bytes (413 above).',
  }),
  webuiRuleTestBudgetMs: int('WEBUI_RULE_TEST_BUDGET_MS', 1000, {
    section: 'webui',
    min: 50,
    max: 60000,
    description:
      'Wall-clock budget of one POST /rules/test dry-run, which runs in a worker thread (counted once the worker has loaded). On expiry the worker is terminated and the answer says `truncated: true` (audit mode) or 422 MUTT_WEBUI_RULE_TEST_TIMEOUT (event mode).',
  }),
  webuiProbeTimeoutMs: int('WEBUI_HEALTH_PROBE_TIMEOUT_MS', 2000, {
    section: 'webui',
    min: 100,
    max: 30000,
    description: 'Timeout of each /health probe the overview makes to the other services.',
  }),
};
