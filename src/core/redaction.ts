// One place that decides what counts as a secret in event data and URLs (docs/hardening.md, "Secrets never leave").
// Runs per event on the ingest hot path: one pass, no copy when nothing matches.

/** Field names dropped at every depth, matched case-insensitively; `-` and a missing `_` count as `_`. */
export const SECRET_FIELD_NAMES: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'client_secret',
  'secret_key',
  'private_key',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'auth_token',
  'api_token',
  'api_key',
  'apikey',
  'x_api_key',
  'authorization',
  'proxy_authorization',
  'cookie',
  'set_cookie',
  'credentials',
];

/** Deeper values are replaced by null: nothing can hide below the bound, and recursion stays shallow. */
export const MAX_STRIP_DEPTH = 128;

const NAMES = new Set<string>();
for (const n of SECRET_FIELD_NAMES) {
  NAMES.add(n);
  NAMES.add(n.replaceAll('_', '-'));
  NAMES.add(n.replaceAll('_', ''));
}
let minLen = Infinity;
let maxLen = 0;
for (const n of NAMES) {
  minLen = Math.min(minLen, n.length);
  maxLen = Math.max(maxLen, n.length);
}

/** `o[k] = v` that also works for an own `__proto__` key from JSON.parse (plain assignment would set the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

// Events repeat the same few keys; remembering each verdict skips the lower-casing (0.13 -> 0.06 µs per sample
// event). Bounded so that random keys cannot grow it.
const VERDICTS = new Map<string, boolean>();
const VERDICTS_MAX = 4096;

export function isSecretFieldName(key: string): boolean {
  if (key.length < minLen || key.length > maxLen) return false;
  let v = VERDICTS.get(key);
  if (v === undefined) {
    v = NAMES.has(key) || NAMES.has(key.toLowerCase());
    if (VERDICTS.size < VERDICTS_MAX) VERDICTS.set(key, v);
  }
  return v;
}

/**
 * Removes secret-named fields at every depth of a value the caller owns (a fresh JSON.parse result).
 * Returns how many fields were removed.
 */
export function stripSecretFieldsInPlace(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object') return 0;
  let removed = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== 'object') continue;
      if (depth >= MAX_STRIP_DEPTH) {
        value[i] = null;
        removed++;
      } else removed += stripSecretFieldsInPlace(v, depth + 1);
    }
    return removed;
  }
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    if (isSecretFieldName(k)) {
      delete obj[k];
      removed++;
      continue;
    }
    const v = obj[k];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_STRIP_DEPTH) {
      setOwn(obj, k, null);
      removed++;
    } else removed += stripSecretFieldsInPlace(v, depth + 1);
  }
  return removed;
}

/** Same rule without touching the input: returns the input itself when nothing matches, else a copy. */
export function stripSecretFields<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const s = depth >= MAX_STRIP_DEPTH && v !== null && typeof v === 'object' ? null : stripSecretFields(v, depth + 1);
      if (s !== v) (out ??= value.slice())[i] = s;
    }
    return (out ?? value) as T;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in obj) {
    if (isSecretFieldName(k)) {
      out ??= { ...obj };
      delete out[k];
      continue;
    }
    const v = obj[k];
    const s = depth >= MAX_STRIP_DEPTH && v !== null && typeof v === 'object' ? null : stripSecretFields(v, depth + 1);
    if (s !== v) setOwn((out ??= { ...obj }), k, s);
  }
  return (out ?? obj) as T;
}

export const REDACTED = '***';

/**
 * `scheme://user:pass@host/p?a=1&b=2#f` → `scheme://***@host/p?a=***&b=***`: userinfo and every query value go,
 * because webhook and Prometheus URLs carry credentials under arbitrary parameter names (`key`, `sig`, `code`).
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactUrlText(url);
  }
  const hadUser = u.username !== '' || u.password !== '';
  u.username = '';
  u.password = '';
  u.hash = '';
  const params = [...u.searchParams.keys()];
  let search = '';
  if (params.length > 0) search = `?${params.map((k) => `${encodeURIComponent(k)}=${REDACTED}`).join('&')}`;
  u.search = '';
  const base = u.toString();
  const withUser = hadUser ? base.replace('://', `://${REDACTED}@`) : base;
  return `${withUser}${search}`;
}

// No nested quantifiers; trailing punctuation (`url: error`, `(url).`) is left outside the match.
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*[^\s"'<>.,:;)\]]/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/** Unparseable URL: drop userinfo and everything from `?` on. */
function redactUrlText(url: string): string {
  const noUser = url.replace(USERINFO, `$1${REDACTED}@`);
  const q = noUser.indexOf('?');
  return q < 0 ? noUser : `${noUser.slice(0, q)}?${REDACTED}`;
}

/** Redacts every URL inside free text (error messages that quote the URL they failed on). */
export function redactUrlsInText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (m) => redactUrl(m));
}
