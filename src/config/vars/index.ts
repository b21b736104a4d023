import { alerterVars } from './alerter.js';
import { forwarderVars } from './forwarder.js';
import { generalVars } from './general.js';
import { ingestorVars } from './ingestor.js';
import { loggingVars } from './logging.js';
import { mockMoogVars } from './mock-moog.js';
import { postgresVars } from './postgres.js';
import { redisVars } from './redis.js';
import { remediationVars } from './remediation.js';
import { vaultVars } from './vault.js';
import { webuiVars } from './webui.js';

export const configVars = {
  ...generalVars,
  ...loggingVars,
  ...redisVars,
  ...postgresVars,
  ...vaultVars,
  ...ingestorVars,
  ...alerterVars,
  ...forwarderVars,
  ...remediationVars,
  ...webuiVars,
  ...mockMoogVars,
};

export type ConfigVars = typeof configVars;
