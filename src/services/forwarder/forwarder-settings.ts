// Effective forwarder settings: env config, overridden per read by dynamic keys when DYNAMIC_CONFIG_ENABLED.
import type { Config } from '../../config/load.js';
import type { BackoffPolicy } from '../../core/moog/backoff.js';
import type { CircuitConfig } from '../../core/moog/circuit-breaker.js';
import type { ConfigStore } from '../../ports/config-store.js';

export interface LiveSettings {
  rateMax: number;
  rateWindowMs: number;
  circuit: CircuitConfig;
}

async function dyn(store: ConfigStore, enabled: boolean, key: string, fallback: number, min: number): Promise<number> {
  if (!enabled) return fallback;
  const raw = await store.cachedGet(key).catch(() => null);
  const n = raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= min ? n : fallback;
}

export function backoffPolicy(c: Config): BackoffPolicy {
  return { initialMs: c.retryInitialDelay * 1000, maxMs: c.retryMaxDelay * 1000, multiplier: c.retryBackoffMultiplier, jitter: c.retryJitter };
}

/** Dynamic keys `moog_rate_limit`, `moog_rate_period`, `circuit_breaker_threshold`, `circuit_breaker_timeout` (cached reads). */
export async function liveSettings(c: Config, store: ConfigStore): Promise<LiveSettings> {
  const on = c.dynamicConfigEnabled;
  const [rateMax, ratePeriod, threshold, timeout] = await Promise.all([
    dyn(store, on, 'moog_rate_limit', c.moogRateLimitMax, 1),
    dyn(store, on, 'moog_rate_period', c.moogRateLimitWindow, 0.001),
    dyn(store, on, 'circuit_breaker_threshold', c.circuitBreakerThreshold, 1),
    dyn(store, on, 'circuit_breaker_timeout', c.circuitBreakerTimeout, 0.1),
  ]);
  return {
    rateMax: Math.floor(rateMax),
    // The customer's window; the rate gate stretches it by the measured arrival guard (arrival-guard.ts).
    rateWindowMs: Math.max(1, Math.round(ratePeriod * 1000)),
    circuit: { threshold: Math.floor(threshold), openMs: timeout * 1000, probeTtlMs: c.moogTimeout * 1000 + 1000 },
  };
}

/** RATE_LIMIT_KEY holds a bare name (`moog`) or a full `mutt:rate_limit:<name>` key. */
export function rateLimitName(c: Config): string {
  return c.moogRateLimitKey.replace(/^mutt:rate_limit:/, '');
}
