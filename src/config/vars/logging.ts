import { bool, oneOf } from '../define.js';

export const loggingVars = {
  logLevel: oneOf('LOG_LEVEL', ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'], 'INFO', {
    section: 'logging',
    caseInsensitive: true,
    description: 'Minimum log level.',
  }),
  logFormat: oneOf('LOG_FORMAT', ['text', 'json'], 'text', {
    section: 'logging',
    caseInsensitive: true,
    description: 'Log line format. `LOG_JSON_ENABLED=true` is read as `json`.',
  }),
  logJsonEnabled: bool('LOG_JSON_ENABLED', false, {
    section: 'logging',
    description: 'Legacy switch for JSON logs (alias of LOG_FORMAT=json).',
  }),
  logEventLines: bool('LOG_EVENT_LINES', true, {
    section: 'logging',
    description: 'Per-event INFO lines (`Processing event with correlation_id=…`). Written asynchronously.',
  }),
};
