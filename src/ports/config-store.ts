// Dynamic configuration values (`mutt:config:<key>`), their change history and change notifications.
// Writers publish the bare key name on keys.channels.configUpdates; readers keep a local cache that the
// notification invalidates, so a published change is seen within about a second.

import type { ConfigReadFaults, ConfigValue } from '../core/dynamic-config/typed-read.js';

export type { ConfigReadFaults, ConfigValue };

export interface ConfigHistoryEntry {
  readonly key: string;
  readonly at: string;
  readonly operation: 'SET' | 'DELETE';
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly changedBy: string;
}

export interface ConfigWriteOptions {
  /** Publish the key on the updates channel (default true, as the Python MUTT library did). */
  readonly publish?: boolean;
  readonly changedBy?: string;
}

export interface ConfigStore {
  /** Fresh read from the back end; null when absent or empty. */
  get(key: string): Promise<string | null>;
  /** Every stored key (scans the back end, never the local cache). Empty values are included. */
  getAll(): Promise<Record<string, string>>;
  /** Returns the previous value. */
  set(key: string, value: string, opts?: ConfigWriteOptions): Promise<{ oldValue: string | null }>;
  /** Returns the previous value (null: nothing was deleted, nothing is published). */
  delete(key: string, opts?: ConfigWriteOptions): Promise<{ oldValue: string | null }>;
  /** Newest first, from a capped per-key log (at most 100 entries per key). */
  history(key: string, limit?: number): Promise<ConfigHistoryEntry[]>;
  /** Cached read for hot paths: TTL-bounded, dropped when a change notification for the key arrives. */
  cachedGet(key: string): Promise<string | null>;
  /**
   * Typed cached read of a catalogue key: the stored value parsed with the catalogue, else `fallback` (the env
   * value) when absent, unusable or DYNAMIC_CONFIG_ENABLED=false. A back-end error serves the last good value.
   */
  read<T extends ConfigValue>(key: string, fallback: T): Promise<T>;
  /** Bad values and failed reads seen by `read` (each is also logged once). */
  readFaults(): ConfigReadFaults;
  /** Called with the key name of every change notification (any process). */
  onChange(handler: (key: string) => void): () => void;
  close(): Promise<void>;
}
