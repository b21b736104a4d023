// The one place a CircuitConfig is built from its settings; services/runtime/circuit-config.ts supplies the live values,
// so the forwarder, remediation, the CLI and the dashboard all judge the shared breaker with the same bounds.
import type { CircuitConfig } from './circuit-breaker.js';

export function buildCircuitConfig(threshold: number, openSeconds: number, moogTimeoutSeconds: number): CircuitConfig {
  // A probe lock outlives one Moog request (MOOG_TIMEOUT) by a second, so a slow probe is not doubled.
  return { threshold, openMs: openSeconds * 1000, probeTtlMs: moogTimeoutSeconds * 1000 + 1000 };
}
