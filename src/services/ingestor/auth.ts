// X-API-KEY check: sha256 both sides, then timingSafeEqual on the equal-length digests; every configured key
// is always compared so timing does not reveal which one matched.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export interface ApiKeyChecker {
  /** True when `provided` matches the current or the next key. */
  check(provided: string | string[] | undefined): boolean;
  /** SIGHUP / secret rotation: swap keys in place. */
  setKeys(keys: readonly (string | undefined)[]): void;
}

export function createApiKeyChecker(keys: readonly (string | undefined)[]): ApiKeyChecker {
  let digests: Buffer[] = [];
  const setKeys = (next: readonly (string | undefined)[]): void => {
    digests = next.filter((k): k is string => typeof k === 'string' && k.length > 0).map(digest);
  };
  setKeys(keys);
  return {
    setKeys,
    check(provided) {
      if (typeof provided !== 'string' || provided.length === 0) return false;
      const d = digest(provided);
      let ok = false;
      for (const expected of digests) ok = timingSafeEqual(d, expected) || ok;
      return ok;
    },
  };
}
