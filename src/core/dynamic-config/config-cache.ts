// Local read cache for dynamic config, shared by the Redis and embedded stores. Entries live `ttlMs`
// and are dropped when a change notification names the key; stale values are served on back-end errors.

export interface ConfigCacheOptions {
  readonly ttlMs: number;
  readonly load: (key: string) => Promise<string | null>;
  readonly now?: () => number;
  /** Bound on cached keys: the catalogue is small, stray keys must not grow memory. */
  readonly maxEntries?: number;
}

interface Entry {
  value: string | null;
  at: number;
}

export class ConfigCache {
  private readonly entries = new Map<string, Entry>();
  private readonly handlers = new Set<(key: string) => void>();
  private readonly now: () => number;

  constructor(private readonly opts: ConfigCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  async get(key: string): Promise<string | null> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.opts.ttlMs) return hit.value;
    try {
      const value = await this.opts.load(key);
      if (this.entries.size >= (this.opts.maxEntries ?? 1000) && !this.entries.has(key)) this.entries.clear();
      this.entries.set(key, { value, at: this.now() });
      return value;
    } catch (err) {
      if (hit) return hit.value;
      throw err;
    }
  }

  set(key: string, value: string | null): void {
    this.entries.set(key, { value, at: this.now() });
  }

  /** A change notification: forget the key and tell listeners. */
  invalidate(key: string): void {
    this.entries.delete(key);
    for (const h of this.handlers) {
      try {
        h(key);
      } catch {
        // A listener's failure must not stop the others from hearing about the change.
      }
    }
  }

  clear(): void {
    this.entries.clear();
  }

  onChange(handler: (key: string) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
