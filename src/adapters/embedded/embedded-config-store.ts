// Dynamic config for the embedded profile: values and a capped history in PGlite tables (created here,
// embedded-only), notifications through the profile's PubSub on the same channel name as Redis.
import { ConfigCache } from '../../core/dynamic-config/config-cache.js';
import { createTypedRead } from '../../core/dynamic-config/typed-read.js';
import type { Keys } from '../../core/keys.js';
import type { ConfigHistoryEntry, ConfigStore, ConfigWriteOptions } from '../../ports/config-store.js';
import type { PubSub } from '../../ports/pubsub.js';
import type { SqlClient } from '../../ports/sql.js';

const HISTORY_CAP = 100;

const DDL = `
CREATE TABLE IF NOT EXISTS embedded_dynamic_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS embedded_dynamic_config_history (
  id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now(), operation TEXT NOT NULL,
  old_value TEXT NULL, new_value TEXT NULL, changed_by TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS embedded_dynamic_config_history_key ON embedded_dynamic_config_history (key, id DESC);`;

export interface EmbeddedConfigStoreOptions {
  readonly sql: SqlClient;
  readonly pubsub: PubSub;
  readonly keys: Keys;
  readonly cacheTtlMs: number;
  /** DYNAMIC_CONFIG_ENABLED: false makes `read` answer the env value. */
  readonly dynamicReads: boolean;
  readonly warn: (message: string) => void;
}

interface HistoryRow {
  key: string;
  at: Date | string;
  operation: 'SET' | 'DELETE';
  old_value: string | null;
  new_value: string | null;
  changed_by: string;
}

export async function createEmbeddedConfigStore(opts: EmbeddedConfigStoreOptions): Promise<ConfigStore> {
  const { sql, pubsub, keys } = opts;
  await sql.exec(DDL);
  const load = async (key: string): Promise<string | null> => {
    const r = await sql.query<{ value: string }>('SELECT value FROM embedded_dynamic_config WHERE key = $1', [key]);
    const v = r.rows[0]?.value;
    return v === undefined || v === '' ? null : v;
  };
  const cache = new ConfigCache({ ttlMs: opts.cacheTtlMs, load });
  const typed = createTypedRead({ get: (key) => cache.get(key), enabled: opts.dynamicReads, warn: opts.warn });
  const unsubscribe = await pubsub.subscribe(keys.channels.configUpdates, (msg) => cache.invalidate(msg));

  async function write(key: string, value: string | null, o: ConfigWriteOptions): Promise<string | null> {
    const old = await sql.transaction(async (tx) => {
      const prev = await tx.query<{ value: string }>('SELECT value FROM embedded_dynamic_config WHERE key = $1 FOR UPDATE', [
        key,
      ]);
      const oldValue = prev.rows[0]?.value ?? null;
      if (value === null && oldValue === null) return null;
      if (value === null) await tx.query('DELETE FROM embedded_dynamic_config WHERE key = $1', [key]);
      else
        await tx.query(
          'INSERT INTO embedded_dynamic_config (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
          [key, value],
        );
      await tx.query(
        'INSERT INTO embedded_dynamic_config_history (key, operation, old_value, new_value, changed_by) VALUES ($1, $2, $3, $4, $5)',
        [key, value === null ? 'DELETE' : 'SET', oldValue, value, o.changedBy ?? 'unknown'],
      );
      await tx.query(
        `DELETE FROM embedded_dynamic_config_history WHERE key = $1 AND id NOT IN
           (SELECT id FROM embedded_dynamic_config_history WHERE key = $1 ORDER BY id DESC LIMIT ${HISTORY_CAP})`,
        [key],
      );
      return oldValue;
    });
    cache.set(key, value === '' ? null : value);
    if ((value !== null || old !== null) && o.publish !== false) await pubsub.publish(keys.channels.configUpdates, key);
    return old;
  }

  return {
    get: load,
    async getAll() {
      const r = await sql.query<{ key: string; value: string }>('SELECT key, value FROM embedded_dynamic_config ORDER BY key');
      return Object.fromEntries(r.rows.map((row) => [row.key, row.value]));
    },
    set: async (key, value, o = {}) => ({ oldValue: await write(key, value, o) }),
    delete: async (key, o = {}) => ({ oldValue: await write(key, null, o) }),
    async history(key: string, limit = HISTORY_CAP) {
      const r = await sql.query<HistoryRow>(
        'SELECT key, at, operation, old_value, new_value, changed_by FROM embedded_dynamic_config_history WHERE key = $1 ORDER BY id DESC LIMIT $2',
        [key, Math.max(1, Math.min(limit, HISTORY_CAP))],
      );
      return r.rows.map((row): ConfigHistoryEntry => ({
        key: row.key,
        at: new Date(row.at).toISOString(),
        operation: row.operation,
        oldValue: row.old_value,
        newValue: row.new_value,
        changedBy: row.changed_by,
      }));
    },
    cachedGet: (key) => cache.get(key),
    read: (key, fallback) => typed.read(key, fallback),
    readFaults: () => typed.faults(),
    onChange: (handler) => cache.onChange(handler),
    async close() {
      await unsubscribe();
    },
  };
}
