import { port } from '../define.js';

export const alerterVars = {
  alerterHealthPort: port('ALERTER_HEALTH_PORT', 8081, { section: 'alerter', aliases: ['HEALTH_PORT_ALERTER', 'SERVER_PORT_ALERTER'], description: 'Alerter /health (and /metrics).' }),
  alerterMetricsPort: port('ALERTER_METRICS_PORT', 9091, { section: 'alerter', aliases: ['METRICS_PORT_ALERTER'], description: 'Alerter /metrics (and /health).' }),
};
