import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_STRIP_DEPTH,
  SECRET_FIELD_NAMES,
  isSecretFieldName,
  redactUrl,
  redactUrlsInText,
  stripSecretFields,
  stripSecretFieldsInPlace,
} from '../../../src/core/redaction.js';

/** A secret name as a device might spell it: any case, `-` or `_` or nothing between words. */
const secretKey = fc
  .tuple(
    fc.constantFrom(...SECRET_FIELD_NAMES),
    fc.constantFrom('_', '-', ''),
    fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
  )
  .map(([n, sep, up]) => [...n.replaceAll('_', sep)].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
const plainKey = fc.string({ maxLength: 12 }).filter((k) => !isSecretFieldName(k));
const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('tree'), { maxLength: 4 }),
  obj: fc.array(fc.tuple(fc.oneof(plainKey, secretKey), tie('tree')), { maxLength: 5 }).map((e) => Object.fromEntries(e)),
}));
const { cleanTree } = fc.letrec((tie) => ({
  cleanTree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('cleanTree'), { maxLength: 4 }),
  obj: fc.dictionary(plainKey, tie('cleanTree'), { maxKeys: 5 }),
}));

function keysAtAnyDepth(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) keysAtAnyDepth(x, out);
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      keysAtAnyDepth(x, out);
    }
  return out;
}

/** Reference rule, written the obvious way. */
function naive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(naive);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !isSecretFieldName(k))
      .map(([k, x]) => [k, naive(x)]),
  );
}

describe('secret field names', () => {
  it('match the documented names in any case, with -, _ or nothing between words, and nothing else', () => {
    for (const k of [
      'password',
      'PASSWORD',
      'Passwd',
      'api_key',
      'API-KEY',
      'apiKey',
      'X-Api-Key',
      'Authorization',
      'accessToken',
      'client-secret',
      'token',
    ])
      expect(isSecretFieldName(k), k).toBe(true);
    for (const k of ['hostname', 'message', 'token_bucket', 'secretary', 'tokens', 'passwords_changed', 'key', 'auth', ''])
      expect(isSecretFieldName(k), k).toBe(false);
  });
});

describe('stripSecretFields (deep)', () => {
  it('strips nested objects and objects inside arrays', () => {
    const ev = { hostname: 'h', data: { password: 'x', inner: [{ Token: 't', keep: 1 }, 'api_key'] }, API_KEY: 'k' };
    expect(stripSecretFields(ev)).toEqual({ hostname: 'h', data: { inner: [{ keep: 1 }, 'api_key'] } });
    expect(ev.data.password).toBe('x');
    expect(stripSecretFieldsInPlace(ev)).toBe(3);
    expect(ev).toEqual({ hostname: 'h', data: { inner: [{ keep: 1 }, 'api_key'] } });
  });

  it('no secret-named key survives at any depth, in either form', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const copy = stripSecretFields(t);
        expect(keysAtAnyDepth(copy).filter(isSecretFieldName)).toEqual([]);
        const owned = structuredClone(t);
        stripSecretFieldsInPlace(owned);
        expect(keysAtAnyDepth(owned).filter(isSecretFieldName)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every other field exactly and never mutates the input of the copying form', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const before = structuredClone(t);
        expect(stripSecretFields(t)).toEqual(naive(t));
        expect(t).toEqual(before);
        const owned = structuredClone(t);
        stripSecretFieldsInPlace(owned);
        expect(owned).toEqual(naive(t));
      }),
      { numRuns: 500 },
    );
  });

  it('returns the very same value when nothing matches (no copy on the hot path)', () => {
    fc.assert(
      fc.property(cleanTree, (t) => {
        expect(stripSecretFields(t)).toBe(t);
        expect(stripSecretFieldsInPlace(t)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps an own __proto__ key as data', () => {
    const ev = JSON.parse('{"__proto__":{"password":"x","a":1}}') as Record<string, unknown>;
    expect(JSON.stringify(stripSecretFields(ev))).toBe('{"__proto__":{"a":1}}');
  });

  it('replaces values below the depth bound by null instead of recursing further', () => {
    let deep: unknown = { password: 'hidden' };
    for (let i = 0; i < MAX_STRIP_DEPTH + 5; i++) deep = { d: deep };
    expect(JSON.stringify(stripSecretFields(deep))).not.toContain('hidden');
    stripSecretFieldsInPlace(deep);
    expect(JSON.stringify(deep)).not.toContain('hidden');
  });
});

describe('redactUrl', () => {
  it('drops userinfo, every query value and the fragment, keeps scheme, host, port, path and parameter names', () => {
    expect(redactUrl('https://bob:s3cr3t@moog.example.com:8443/events/webhook?apikey=abc&x=1#frag')).toBe(
      'https://***@moog.example.com:8443/events/webhook?apikey=***&x=***',
    );
    expect(redactUrl('http://127.0.0.1:8888/webhook')).toBe('http://127.0.0.1:8888/webhook');
    expect(redactUrl('not a url user:pw@x?token=1')).toBe('not a url user:pw@x?***');
    expect(redactUrl('http://u:pw@[::1')).toBe('http://***@[::1');
  });

  const secretText = fc.stringMatching(/^[A-Za-z0-9]{8,16}$/);
  it('never leaks the password or a query value', () => {
    fc.assert(
      fc.property(secretText, secretText, secretText, fc.constantFrom('token', 'key', 'sig', 'a b'), (user, pass, val, name) => {
        const url = `https://${user}:${pass}@moog.example.com/path?${encodeURIComponent(name)}=${val}`;
        const r = redactUrl(url);
        expect(r).not.toContain(pass);
        expect(r).not.toContain(user);
        expect(r).not.toContain(val);
        expect(r).toContain('moog.example.com/path');
        expect(redactUrlsInText(`failed to reach ${url}: ECONNREFUSED`)).toBe(`failed to reach ${r}: ECONNREFUSED`);
      }),
    );
  });
});
