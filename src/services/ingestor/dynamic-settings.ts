// Limits the ingest hot path reads synchronously: static config overridden by dynamic keys
// (ingest_max_rate, ingest_rate_window, max_ingest_queue_size). A snapshot is refreshed on
// change notifications and every DYNAMIC_CONFIG_CACHE_TTL seconds, so no request awaits a config read.
import type { Config } from '../../config/load.js';
import type { ConfigStore } from '../../ports/config-store.js';

export interface IngestLimits {
  readonly maxRate: number;
  readonly rateWindowSeconds: number;
  readonly queueCap: number;
}

export interface IngestSettings {
  current(): IngestLimits;
  stop(): void;
}

const KEYS = { maxRate: 'ingest_max_rate', rateWindowSeconds: 'ingest_rate_window', queueCap: 'max_ingest_queue_size' } as const;

export function staticLimits(config: Config): IngestLimits {
  return { maxRate: config.ingestMaxRate, rateWindowSeconds: config.ingestRateWindow, queueCap: config.ingestQueueCap };
}

export function staticSettings(config: Config): IngestSettings {
  const limits = staticLimits(config);
  return { current: () => limits, stop: () => undefined };
}

export async function startDynamicSettings(config: Config, store: ConfigStore): Promise<IngestSettings> {
  const fallback = staticLimits(config);
  let limits = fallback;

  async function refresh(): Promise<void> {
    const read = (field: keyof IngestLimits): Promise<number> => store.read(KEYS[field], fallback[field]);
    const [maxRate, rateWindowSeconds, queueCap] = await Promise.all([
      read('maxRate'),
      read('rateWindowSeconds'),
      read('queueCap'),
    ]);
    limits = { maxRate, rateWindowSeconds, queueCap };
  }

  await refresh();
  const watched = new Set<string>(Object.values(KEYS));
  const off = store.onChange((key) => {
    if (watched.has(key)) void refresh();
  });
  const ttlMs = Math.max(1, config.dynamicConfigCacheTtl) * 1000;
  const timer = setInterval(() => void refresh(), ttlMs);
  timer.unref();
  return {
    current: () => limits,
    stop: () => {
      clearInterval(timer);
      off();
    },
  };
}
