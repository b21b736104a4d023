import { port } from '../define.js';

export const forwarderVars = {
  forwarderHealthPort: port('MOOG_FORWARDER_HEALTH_PORT', 8082, { section: 'forwarder', aliases: ['HEALTH_PORT_MOOG', 'SERVER_PORT_MOOG_FORWARDER'], description: 'Forwarder /health (and /metrics).' }),
  forwarderMetricsPort: port('MOOG_FORWARDER_METRICS_PORT', 9092, { section: 'forwarder', aliases: ['METRICS_PORT_MOOG'], description: 'Forwarder /metrics (and /health).' }),
};
