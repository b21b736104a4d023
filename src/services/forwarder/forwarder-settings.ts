// Effective forwarder settings: env config, overridden per read by dynamic keys when DYNAMIC_CONFIG_ENABLED.
import type { Config } from '../../config/load.js';
import type { BackoffPolicy } from '../../core/moog/backoff.js';
import type { CircuitConfig } from '../../core/moog/circuit-breaker.js';
import { circuitConfig } from '../runtime/circuit-config.js';
import type { ConfigStore } from '../../ports/config-store.js';

export interface LiveSettings {
  rateMax: number;
  rateWindowMs: number;
  circuit: CircuitConfig;
}

export function backoffPolicy(c: Config): BackoffPolicy {
  return {
    initialMs: c.retryInitialDelay * 1000,
    maxMs: c.retryMaxDelay * 1000,
    multiplier: c.retryBackoffMultiplier,
    jitter: c.retryJitter,
  };
}

/** Dynamic keys `moog_rate_limit`, `moog_rate_period` and the breaker's (cached reads), else the env values. */
export async function liveSettings(c: Config, store: ConfigStore): Promise<LiveSettings> {
  const [rateMax, ratePeriod, circuit] = await Promise.all([
    store.read('moog_rate_limit', c.moogRateLimitMax),
    store.read('moog_rate_period', c.moogRateLimitWindow),
    circuitConfig(c, store),
  ]);
  return {
    rateMax,
    // The customer's window; the rate gate stretches it by the measured arrival guard (arrival-guard.ts).
    rateWindowMs: Math.max(1, Math.round(ratePeriod * 1000)),
    circuit,
  };
}

/** RATE_LIMIT_KEY holds a bare name (`moog`) or a full `mutt:rate_limit:<name>` key. */
export function rateLimitName(c: Config): string {
  return c.moogRateLimitKey.replace(/^mutt:rate_limit:/, '');
}
