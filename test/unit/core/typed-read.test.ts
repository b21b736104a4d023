import { describe, expect, it } from 'vitest';
import { createTypedRead } from '../../../src/core/dynamic-config/typed-read.js';

function setup(enabled = true) {
  const values = new Map<string, string>();
  let failing: Error | null = null;
  const warnings: string[] = [];
  const r = createTypedRead({
    get: async (key) => {
      if (failing) throw failing;
      return values.get(key) ?? null;
    },
    enabled,
    warn: (m) => warnings.push(m),
  });
  return { r, values, warnings, fail: (e: Error | null) => (failing = e) };
}

describe('typed dynamic-config read', () => {
  it('parses each catalogue type and answers the env value when the key is absent', async () => {
    const { r, values } = setup();
    expect(await r.read('ingest_rate_window', 60)).toBe(60);
    values.set('ingest_rate_window', ' 30 ');
    values.set('moog_rate_period', '0.25');
    values.set('remediation_enabled', 'off');
    values.set('alerter_shed_mode', 'defer');
    expect(await r.read('ingest_rate_window', 60)).toBe(30);
    expect(await r.read('moog_rate_period', 60)).toBe(0.25);
    expect(await r.read('remediation_enabled', true)).toBe(false);
    expect(await r.read('alerter_shed_mode', 'dlq')).toBe('defer');
    expect(r.faults()).toEqual({ invalid: 0, errors: 0 });
  });

  it('an unusable value is counted and logged once, not per read, and the env value applies', async () => {
    const { r, values, warnings } = setup();
    values.set('ingest_rate_window', '1.5');
    for (let i = 0; i < 5; i++) expect(await r.read('ingest_rate_window', 60)).toBe(60);
    values.set('max_ingest_queue_size', '999');
    for (let i = 0; i < 3; i++) expect(await r.read('max_ingest_queue_size', 5000)).toBe(5000);
    values.set('alerter_shed_mode', 'sometimes');
    expect(await r.read('alerter_shed_mode', 'dlq')).toBe('dlq');
    expect(r.faults()).toEqual({ invalid: 3, errors: 0 });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/ingest_rate_window="1.5" \(not a valid int\); using 60/);
    expect(warnings[1]).toMatch(/max_ingest_queue_size="999" \(below 1000\)/);
  });

  it('a value above the maximum is clamped to it (and reported once)', async () => {
    const { r, values, warnings } = setup();
    values.set('remediation_batch_size', '5000');
    expect(await r.read('remediation_batch_size', 10)).toBe(1000);
    expect(await r.read('remediation_batch_size', 10)).toBe(1000);
    expect(warnings).toHaveLength(1);
    expect(r.faults().invalid).toBe(1);
  });

  it('a store error is counted, logged once per outage, and the last good value is served', async () => {
    const { r, values, warnings, fail } = setup();
    values.set('moog_rate_limit', '40');
    expect(await r.read('moog_rate_limit', 100)).toBe(40);
    fail(new Error('connection lost'));
    expect(await r.read('moog_rate_limit', 100)).toBe(40);
    expect(await r.read('moog_rate_limit', 100)).toBe(40);
    expect(await r.read('moog_rate_period', 60)).toBe(60);
    expect(r.faults().errors).toBe(3);
    expect(warnings.filter((w) => w.includes('connection lost'))).toHaveLength(2);
    fail(null);
    values.set('moog_rate_limit', '50');
    expect(await r.read('moog_rate_limit', 100)).toBe(50);
  });

  it('DYNAMIC_CONFIG_ENABLED=false answers the env value; a key outside the catalogue is a programming error', async () => {
    const { r, values } = setup(false);
    values.set('ingest_rate_window', '30');
    expect(await r.read('ingest_rate_window', 60)).toBe(60);
    await expect(r.read('no_such_key', 1)).rejects.toThrow(/not in the catalogue/);
  });
});
