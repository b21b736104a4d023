// The alerter's dynamic knobs: typed reads of `mutt:config:<key>` through the config store, env values as
// fallbacks, so an operator typo is logged once and never stops the loop.
import type { Config } from '../../config/load.js';
import type { ConfigStore } from '../../ports/config-store.js';

/** The only part of the config store the alerter's hot path needs. */
export type DynamicRead = Pick<ConfigStore, 'read'>;

export type ShedMode = 'dlq' | 'defer' | 'none';

export interface BackpressureSettings {
  readonly warn: number;
  readonly shed: number;
  readonly mode: ShedMode;
  readonly deferMs: number;
}

export async function backpressureSettings(dyn: DynamicRead, config: Config): Promise<BackpressureSettings> {
  const [warn, shed, mode, deferMs] = await Promise.all([
    dyn.read('alerter_queue_warn_threshold', config.alerterQueueWarnThreshold),
    dyn.read('alerter_queue_shed_threshold', config.alerterQueueShedThreshold),
    dyn.read<ShedMode>('alerter_shed_mode', config.alerterShedMode),
    dyn.read('alerter_defer_sleep_ms', config.alerterDeferSleepMs),
  ]);
  return { warn, shed, mode, deferMs };
}

export interface UnhandledSettings {
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly maxSignatures: number;
}

export async function unhandledSettings(dyn: DynamicRead, config: Config): Promise<UnhandledSettings> {
  const [threshold, windowSeconds, maxSignatures] = await Promise.all([
    dyn.read('unhandled_threshold', config.unhandledThreshold),
    dyn.read('unhandled_expiry_seconds', config.unhandledExpirySeconds),
    dyn.read('unhandled_max_signatures', config.unhandledMaxSignatures),
  ]);
  return { threshold, windowSeconds, maxSignatures };
}

/** Seconds between periodic reloads: dynamic `cache_reload_interval`, else RULE_CACHE_TTL (both 10…86400). */
export async function reloadIntervalSeconds(dyn: DynamicRead, config: Config): Promise<number> {
  return dyn.read('cache_reload_interval', config.ruleCacheTtl);
}
