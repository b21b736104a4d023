// A worker pod's two observability listeners: the health port (must bind) and the metrics port (a bind failure
// is a warning, docs/decisions.md D14). Both serve /health and /metrics from the same registry.
import type { Registry } from 'prom-client';
import { startObservabilityServer, type HealthCheck } from '../../observability/http-server.js';
import type { Logger } from '../../observability/logger.js';

export interface ObservabilityPorts {
  readonly health: number;
  readonly metrics: number;
}

/** Returns the closer for both listeners. */
export async function startObservabilityServers(
  registry: Registry,
  health: HealthCheck,
  ports: ObservabilityPorts,
  logger: Logger,
): Promise<() => Promise<void>> {
  const primary = await startObservabilityServer(registry, health, {
    host: '0.0.0.0',
    port: ports.health,
    primary: true,
    logger,
  });
  // A secondary port that cannot bind resolves to null (logged), so nothing here can leave the primary open.
  const secondary = await startObservabilityServer(registry, health, {
    host: '0.0.0.0',
    port: ports.metrics,
    primary: false,
    logger,
  });
  return async () => {
    await secondary?.close();
    await primary?.close();
  };
}
