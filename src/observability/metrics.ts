// Each service owns a prom-client Registry, so in all-in-one mode every service's ports expose only its own metrics.
import { Registry, collectDefaultMetrics } from 'prom-client';

export function createRegistry(service: string, withDefaults = true): Registry {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, labels: { service } });
  return registry;
}
