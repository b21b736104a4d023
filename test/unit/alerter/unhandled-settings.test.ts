import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { createTypedRead } from '../../../src/core/dynamic-config/typed-read.js';
import { unhandledSettings, type DynamicRead } from '../../../src/services/alerter/dynamic-settings.js';

function reader(values: Record<string, string>): DynamicRead {
  return createTypedRead({ get: async (key) => values[key] ?? null, enabled: true, warn: () => undefined });
}

describe('unhandled settings', () => {
  const config = loadConfig({ UNHANDLED_MAX_SIGNATURES: '20000' });

  it('the cap defaults to 50,000, UNHANDLED_MAX_SIGNATURES sets it and the dynamic key wins', async () => {
    expect(loadConfig({}).unhandledMaxSignatures).toBe(50_000);
    expect((await unhandledSettings(reader({}), config)).maxSignatures).toBe(20_000);
    expect((await unhandledSettings(reader({ unhandled_max_signatures: '300' }), config)).maxSignatures).toBe(300);
  });

  it('a dynamic cap out of range never unbounds tracking: too large is clamped, nonsense falls back', async () => {
    expect((await unhandledSettings(reader({ unhandled_max_signatures: '999999999' }), config)).maxSignatures).toBe(1_000_000);
    for (const v of ['0', '-5', '2.5', 'lots'])
      expect((await unhandledSettings(reader({ unhandled_max_signatures: v }), config)).maxSignatures).toBe(20_000);
  });

  it('UNHANDLED_MAX_SIGNATURES outside 1…1,000,000 is a config error', () => {
    expect(() => loadConfig({ UNHANDLED_MAX_SIGNATURES: '0' })).toThrow(/UNHANDLED_MAX_SIGNATURES/);
    expect(() => loadConfig({ UNHANDLED_MAX_SIGNATURES: '1000001' })).toThrow(/UNHANDLED_MAX_SIGNATURES/);
  });
});
