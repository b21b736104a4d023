import { port, secret, str } from '../define.js';

export const webuiVars = {
  webuiHost: str('WEBUI_HOST', '0.0.0.0', { section: 'webui', description: 'Bind address.' }),
  webuiPort: port('WEBUI_PORT', 8090, { section: 'webui', aliases: ['SERVER_PORT_WEBUI'], description: 'Dashboard, management API, /health and /metrics.' }),
  webuiApiKey: secret('WEBUI_API_KEY', { section: 'webui', aliases: ['WEBUI_API_KEY_CURRENT'], description: 'Management API key (also `WEBUI_API_KEY_FILE`, Vault key `WEBUI_API_KEY`). Embedded profile generates one.' }),
  webuiApiKeyNext: secret('WEBUI_API_KEY_NEXT', { section: 'webui', description: 'Second accepted management key during rotation.' }),
};
