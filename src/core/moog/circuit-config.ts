// The one place a CircuitConfig is built: env values overridden live by the dynamic keys, so the forwarder, remediation,
// the CLI and the dashboard all judge the shared breaker with the same threshold and open period.
import type { ConfigStore } from '../../ports/config-store.js';
import type { CircuitConfig } from './circuit-breaker.js';

/** The env settings involved (a `Config` satisfies it). */
export interface CircuitEnv {
  readonly circuitBreakerThreshold: number;
  readonly circuitBreakerTimeout: number;
  readonly moogTimeout: number;
}

/** Dynamic `circuit_breaker_threshold` / `circuit_breaker_timeout` (cached reads), else the env values. */
export async function circuitConfig(env: CircuitEnv, dyn: Pick<ConfigStore, 'read'>): Promise<CircuitConfig> {
  const [threshold, timeout] = await Promise.all([
    dyn.read('circuit_breaker_threshold', env.circuitBreakerThreshold),
    dyn.read('circuit_breaker_timeout', env.circuitBreakerTimeout),
  ]);
  // A probe lock outlives one Moog request (MOOG_TIMEOUT) by a second, so a slow probe is not doubled.
  return { threshold, openMs: timeout * 1000, probeTtlMs: env.moogTimeout * 1000 + 1000 };
}
