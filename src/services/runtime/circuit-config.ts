// The breaker settings as every reader sees them: the env values, overridden live by the dynamic keys.
import type { ConfigStore } from '../../ports/config-store.js';
import type { CircuitConfig } from '../../core/moog/circuit-breaker.js';
import { buildCircuitConfig } from '../../core/moog/build-circuit-config.js';

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
  return buildCircuitConfig(threshold, timeout, env.moogTimeout);
}
