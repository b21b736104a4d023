// Dynamic config API: validation registry, publish + cached readers within 1 s, audit and history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configGet, configHistory, configSet } from '../../../src/cli/config/config-commands.js';
import { startHarness, waitFor, type WebuiHarness } from './harness.js';

let h: WebuiHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('dynamic config API', () => {
  it('sets a value, publishes the key, and a cached reader sees the change within 1 s', async () => {
    const cs = h.tb.backends.configStore;
    const heard: string[] = [];
    await h.tb.backends.pubsub.subscribe(h.tb.backends.keys.channels.configUpdates, (k) => heard.push(k));
    expect(await cs.cachedGet('alerter_shed_mode')).toBeNull();
    const res = await h.call('PUT', '/api/v2/config/alerter_shed_mode', { value: 'defer', reason: 'maintenance' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'alerter_shed_mode', old_value: null, new_value: 'defer' });
    const t0 = Date.now();
    expect(await waitFor(() => heard.includes('alerter_shed_mode'), 1000)).toBe(true);
    expect(await waitFor(async () => (await cs.cachedGet('alerter_shed_mode')) === 'defer', 1000)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
    const second = await h.call('PUT', '/api/v1/config/alerter_shed_mode', { value: 'none' });
    expect(second.json()).toMatchObject({ old_value: 'defer', new_value: 'none' });
    expect((await h.call('GET', '/api/v2/config/alerter_shed_mode')).json()).toEqual({ key: 'alerter_shed_mode', value: 'none' });
    const all = (await h.call('GET', '/api/v2/config')).json();
    expect(all.config.alerter_shed_mode).toBe('none');
    expect(all.catalogue.find((d: { key: string }) => d.key === 'alerter_shed_mode')).toMatchObject({
      type: 'enum',
      default: 'dlq',
    });
  });

  it('validates keys and values with the shared registry', async () => {
    expect((await h.call('PUT', '/api/v2/config/alerter_shed_mode', {})).json().error).toBe("Missing 'value' in request body");
    const bad = await h.call('PUT', '/api/v2/config/alerter_shed_mode', { value: 'drop' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'MUTT_CONFIG_INVALID_VALUE' });
    expect((await h.call('PUT', '/api/v2/config/max_ingest_queue_size', { value: 5 })).statusCode).toBe(400);
    expect((await h.call('PUT', '/api/v2/config/max_ingest_queue_size', { value: 5, force: true })).statusCode).toBe(200);
    expect((await h.call('PUT', '/api/v2/config/unhandled_threshold', { value: 'abc', force: true })).statusCode).toBe(400);
    expect((await h.call('PUT', '/api/v2/config/remediation_enabled', { value: false })).json().new_value).toBe('false');
    expect((await h.call('PUT', '/api/v2/config/custom_key', { value: null })).statusCode).toBe(400);
    expect((await h.call('PUT', '/api/v2/config/custom_key', { value: { a: 1 } })).statusCode).toBe(400);
    expect((await h.call('PUT', '/api/v2/config/bad%20key', { value: 1 })).statusCode).toBe(400);
    const unreg = await h.call('PUT', '/api/v2/config/custom_key', { value: 7 });
    expect(unreg.statusCode).toBe(200);
    expect(unreg.json().warnings[0]).toContain('not a registered key');
    const cross = await h.call('PUT', '/api/v2/config/alerter_queue_warn_threshold', { value: 200_000 });
    expect(cross.json().warnings.join()).toContain('above alerter_queue_shed_threshold');
  });

  it('deletes a key (404 when absent) and records history with pagination', async () => {
    expect((await h.call('DELETE', '/api/v2/config/custom_key')).statusCode).toBe(200);
    expect((await h.call('DELETE', '/api/v2/config/custom_key')).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v2/config/custom_key')).statusCode).toBe(404);
    const hist = await h.call('GET', '/api/v2/config/history?page=1&limit=2');
    expect(hist.statusCode).toBe(200);
    expect(hist.json().history).toHaveLength(2);
    expect(hist.json().pagination.limit).toBe(2);
    const total = hist.json().pagination.total as number;
    expect(hist.json().pagination.pages).toBe(Math.ceil(total / 2));
    expect(hist.json().history[0]).toMatchObject({
      table_name: 'dynamic_config',
      operation: 'DELETE',
      old_values: { key: 'custom_key', value: '7' },
      new_values: null,
    });
    const byKey = (await h.call('GET', '/api/v2/config/history?key=alerter_shed_mode')).json();
    expect(byKey.history.map((r: { operation: string }) => r.operation)).toEqual(['UPDATE', 'CREATE']);
    expect(byKey.history[1].reason).toBe('maintenance');
    const past = (await h.call('GET', '/api/v2/config/history?page=999&limit=abc')).json();
    expect(past.history).toEqual([]);
    expect(past.pagination).toMatchObject({ page: 999, limit: 50 });
  });

  it('CLI functions share validation and audit their changes', async () => {
    const lines: string[] = [];
    const w = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
    const b = h.tb.backends;
    expect(await configSet(b, w, 'alerter_shed_mode', 'bogus', { publish: true })).toBe(2);
    expect(lines.pop()).toContain('invalid value for alerter_shed_mode');
    expect(await configSet(b, w, 'alerter_shed_threshold_typo', '5', { publish: true })).toBe(0);
    expect(await configSet(b, w, 'alerter_queue_shed_threshold', '5000', { publish: true, reason: 'cli test' })).toBe(0);
    expect(lines).toContain('Set alerter_queue_shed_threshold=5000 (published)');
    expect(await configGet(b, w, 'alerter_queue_shed_threshold')).toBe(0);
    expect(lines.at(-1)).toBe('5000');
    expect(await configGet(b, w, 'never_set')).toBe(0);
    expect(lines.at(-1)).toBe('<null>');
    expect(await configHistory(b, w, 'alerter_queue_shed_threshold')).toBe(0);
    expect(lines.at(-1)).toMatch(/CREATE alerter_queue_shed_threshold: - -> 5000 by muttdev:.*\(cli test\)/);
  });
});
