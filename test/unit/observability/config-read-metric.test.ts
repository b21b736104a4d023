import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createTypedRead } from '../../../src/core/dynamic-config/typed-read.js';
import { registerConfigReadMetric } from '../../../src/observability/config-read-metric.js';

describe('dynamic-config read faults metric', () => {
  it('exposes invalid values and failed reads seen by the typed reader; registering twice is harmless', async () => {
    let down = false;
    const r = createTypedRead({
      get: async (key) => {
        if (down) throw new Error('down');
        return key === 'ingest_rate_window' ? 'soon' : null;
      },
      enabled: true,
      warn: () => undefined,
    });
    const registry = new Registry();
    const store = { readFaults: () => r.faults() };
    registerConfigReadMetric(registry, store);
    registerConfigReadMetric(registry, store);
    await r.read('ingest_rate_window', 60);
    await r.read('ingest_rate_window', 60);
    down = true;
    await r.read('moog_rate_limit', 100);
    const text = await registry.metrics();
    expect(text).toContain('mutt_dynamic_config_read_faults_total{kind="invalid"} 1');
    expect(text).toContain('mutt_dynamic_config_read_faults_total{kind="error"} 1');
  });
});
