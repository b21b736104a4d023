// Limits the ingest hot path reads synchronously: static config overridden by dynamic keys
// (ingest_max_rate, ingest_rate_window, max_ingest_queue_size). A snapshot is refreshed on
// change notifications and every DYNAMIC_CONFIG_CACHE_TTL seconds, so no request awaits a config read.
import type { Config } from '../../config/load.js';
import type { Logger } from '../../observability/logger.js';
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
const MIN = { maxRate: 1, rateWindowSeconds: 1, queueCap: 1000 } as const;

export function staticLimits(config: Config): IngestLimits {
  return { maxRate: config.ingestMaxRate, rateWindowSeconds: config.ingestRateWindow, queueCap: config.ingestQueueCap };
}

export function staticSettings(config: Config): IngestSettings {
  const limits = staticLimits(config);
  return { current: () => limits, stop: () => undefined };
}

export async function startDynamicSettings(config: Config, store: ConfigStore, logger: Logger): Promise<IngestSettings> {
  const fallback = staticLimits(config);
  let limits = fallback;

  async function readOne(field: keyof IngestLimits): Promise<number> {
    const raw = await store.get(KEYS[field]).catch((err: unknown) => {
      logger.warning(`Dynamic config read failed for ${KEYS[field]}: ${(err as Error).message}; using static value`);
      return null;
    });
    if (raw === null) return fallback[field];
    const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < MIN[field]) {
      logger.warning(`Invalid dynamic config ${KEYS[field]}="${raw}"; using static value ${fallback[field]}`);
      return fallback[field];
    }
    return n;
  }

  async function refresh(): Promise<void> {
    const [maxRate, rateWindowSeconds, queueCap] = await Promise.all([readOne('maxRate'), readOne('rateWindowSeconds'), readOne('queueCap')]);
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
