// API-key check: X-API-KEY header, else ?api_key=; SHA-256 both sides, then timingSafeEqual,
// so neither the length nor the content of a key leaks through timing. Non-ASCII input is simply a 401.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export interface KeyChecker {
  /** True when `presented` equals one of the configured keys. */
  check(presented: string | undefined): boolean;
  readonly configured: boolean;
}

export function createKeyChecker(keys: readonly (string | undefined)[]): KeyChecker {
  const digests = keys.filter((k): k is string => typeof k === 'string' && k.length > 0).map(digest);
  return {
    configured: digests.length > 0,
    check(presented) {
      if (presented === undefined || presented === '') return false;
      const d = digest(presented);
      let ok = false;
      // Compare against every key, without early exit, so the key slot that matched is not observable either.
      for (const want of digests) ok = timingSafeEqual(d, want) || ok;
      return ok;
    },
  };
}

/** Header wins when present and non-empty; the query string is consulted only when the header is absent. */
export function presentedKey(headers: Record<string, string | string[] | undefined>, query: unknown): string | undefined {
  const h = headers['x-api-key'];
  const header = Array.isArray(h) ? h[0] : h;
  if (header !== undefined && header !== '') return header;
  if (query !== null && typeof query === 'object' && 'api_key' in query) {
    const q = (query as { api_key?: unknown }).api_key;
    if (typeof q === 'string') return q;
  }
  return undefined;
}

/** Audit attribution that identifies a key without disclosing any of its characters (docs/decisions.md D12). */
export function keyFingerprint(key: string | undefined): string {
  if (key === undefined || key === '') return 'webui_api:unknown';
  return `webui_api:${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8)}`;
}

/** Follows key rotation: the checker is rebuilt whenever `source()` may have changed (SIGHUP / Vault renewal). */
export class RotatingKeyChecker {
  private current: KeyChecker;
  constructor(private readonly source: () => readonly (string | undefined)[]) {
    this.current = createKeyChecker(source());
  }
  refresh(): void {
    this.current = createKeyChecker(this.source());
  }
  get configured(): boolean {
    return this.current.configured;
  }
  check(presented: string | undefined): boolean {
    return this.current.check(presented);
  }
}
