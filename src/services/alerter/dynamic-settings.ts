// The alerter's dynamic knobs: `mutt:config:<key>` through the config store's cached reader, env values as
// fallbacks. Unparsable values fall back too, so an operator typo never stops the loop.
import type { Config } from '../../config/load.js';
import { UNHANDLED_MAX_SIGNATURES_LIMIT } from '../../core/unhandled-defaults.js';
import type { ConfigStore } from '../../ports/config-store.js';
import type { DynamicConfigReader } from '../../ports/dynamic-config.js';

export function createDynamicConfigReader(store: ConfigStore, enabled: boolean): DynamicConfigReader {
  const read = async (key: string): Promise<string | null> => (enabled ? store.cachedGet(key).catch(() => null) : null);
  return {
    async getNumber(key, fallback) {
      const v = await read(key);
      if (v === null || !/^-?\d+(\.\d+)?$/.test(v.trim())) return fallback;
      return Number(v.trim());
    },
    async getString(key, fallback) {
      const v = await read(key);
      return v === null || v.trim() === '' ? fallback : v.trim();
    },
  };
}

export type ShedMode = 'dlq' | 'defer' | 'none';

export interface BackpressureSettings {
  readonly warn: number;
  readonly shed: number;
  readonly mode: ShedMode;
  readonly deferMs: number;
}

export async function backpressureSettings(dyn: DynamicConfigReader, config: Config): Promise<BackpressureSettings> {
  const [warn, shed, modeRaw, deferMs] = await Promise.all([
    dyn.getNumber('alerter_queue_warn_threshold', config.alerterQueueWarnThreshold),
    dyn.getNumber('alerter_queue_shed_threshold', config.alerterQueueShedThreshold),
    dyn.getString('alerter_shed_mode', config.alerterShedMode),
    dyn.getNumber('alerter_defer_sleep_ms', config.alerterDeferSleepMs),
  ]);
  const m = modeRaw.toLowerCase();
  // Any value other than dlq/defer means "no action", as in Python MUTT and the guide's `none`.
  const mode: ShedMode = m === 'dlq' || m === 'defer' ? m : 'none';
  return { warn, shed, mode, deferMs: Math.max(0, Math.min(deferMs, 60_000)) };
}

export interface UnhandledSettings {
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly maxSignatures: number;
}

export async function unhandledSettings(dyn: DynamicConfigReader, config: Config): Promise<UnhandledSettings> {
  const [threshold, windowSeconds, maxSignatures] = await Promise.all([
    dyn.getNumber('unhandled_threshold', config.unhandledThreshold),
    dyn.getNumber('unhandled_expiry_seconds', config.unhandledExpirySeconds),
    dyn.getNumber('unhandled_max_signatures', config.unhandledMaxSignatures),
  ]);
  // Clamped again here: a raw `redis-cli SET` past the catalogue's range must not unbound tracking.
  const cap = Number.isInteger(maxSignatures) && maxSignatures >= 1 ? Math.min(maxSignatures, UNHANDLED_MAX_SIGNATURES_LIMIT) : config.unhandledMaxSignatures;
  return {
    threshold: Math.floor(threshold),
    windowSeconds: windowSeconds >= 1 ? Math.floor(windowSeconds) : config.unhandledExpirySeconds,
    maxSignatures: cap,
  };
}

/** Seconds between periodic reloads: dynamic `cache_reload_interval`, else RULE_CACHE_TTL, clamped to 10…86400. */
export async function reloadIntervalSeconds(dyn: DynamicConfigReader, config: Config): Promise<number> {
  const v = await dyn.getNumber('cache_reload_interval', config.ruleCacheTtl);
  return Math.max(10, Math.min(86400, v));
}
