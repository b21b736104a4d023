import { port } from '../define.js';

export const remediationVars = {
  remediationHealthPort: port('REMEDIATION_HEALTH_PORT', 8087, { section: 'remediation', aliases: ['HEALTH_PORT_REMEDIATION'], description: 'Remediation /health (and /metrics).' }),
  remediationMetricsPort: port('REMEDIATION_METRICS_PORT', 8086, { section: 'remediation', aliases: ['METRICS_PORT_REMEDIATION'], description: 'Remediation /metrics (and /health).' }),
};
