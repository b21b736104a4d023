// `mutt_dynamic_config_read_faults_total{kind}`: unusable dynamic-config values (kind="invalid", counted once per
// distinct value) and failed back-end reads (kind="error") seen by ConfigStore.read, so a typo shows on a dashboard.
import { Counter, type Registry } from 'prom-client';
import type { ConfigStore } from '../ports/config-store.js';

const NAME = 'mutt_dynamic_config_read_faults_total';

export function registerConfigReadMetric(registry: Registry, store: Pick<ConfigStore, 'readFaults'>): void {
  if (registry.getSingleMetric(NAME)) return; // ingestor workers in one process share a registry
  new Counter({
    name: NAME,
    help: 'Dynamic config values that could not be used (invalid) and reads the back end failed (error)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const f = store.readFaults();
      this.reset();
      this.inc({ kind: 'invalid' }, f.invalid);
      this.inc({ kind: 'error' }, f.errors);
    },
  });
}
