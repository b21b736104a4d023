// The forwarder's /health: queue back end reachable and the claim loop not stalled; reports Moog and the breaker.
import type { Config } from '../../config/load.js';
import type { HealthReport } from '../../observability/http-server.js';
import type { Backends } from '../../ports/backends.js';
import type { CircuitView } from './circuit-view.js';

/** Last probe answer; null until the first probe. */
export interface MoogReachability {
  reachable: boolean | null;
}

export async function forwarderHealth(
  c: Config,
  b: Backends,
  pod: string,
  circuit: CircuitView,
  moog: MoogReachability,
  lastLoopAt: number,
): Promise<HealthReport> {
  const redisOk = await b.queueHealthy();
  const stalled = Date.now() - lastLoopAt > (2 * c.forwarderClaimWait + c.moogTimeout + c.retryMaxDelay) * 1000;
  const errors = [...(redisOk ? [] : ['Queue back end unreachable']), ...(stalled ? ['Main loop stalled'] : [])];
  return {
    healthy: errors.length === 0,
    body: {
      status: errors.length === 0 ? 'healthy' : 'unhealthy',
      service: 'mutt-moog-forwarder',
      version: c.serviceVersion,
      pod,
      moog: moog.reachable === null ? 'unknown' : moog.reachable ? 'reachable' : 'unreachable',
      circuit_breaker: c.circuitBreakerEnabled ? (circuit.current?.state ?? 'CLOSED') : 'DISABLED',
      ...(errors.length > 0 ? { errors } : {}),
    },
  };
}
