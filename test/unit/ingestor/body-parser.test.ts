import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/core/errors.js';
import { parseIngestBody } from '../../../src/services/ingestor/body-parser.js';

const codes = new Set(Object.keys(ERRORS));

describe('parseIngestBody', () => {
  it('reads one object as the single case, even with a BOM', () => {
    const r = parseIngestBody('\uFEFF{"message":"m"}', 10, 32);
    expect(r).toEqual({ kind: 'single', value: { message: 'm' } });
  });

  it('reads a JSON array as a batch in order', () => {
    const r = parseIngestBody('[{"a":1},{"a":2}]', 10, 32);
    expect(r.kind).toBe('batch');
    if (r.kind === 'batch') expect(r.items.map((i) => (i.ok ? i.value : null))).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads NDJSON, reporting a bad line by index', () => {
    const r = parseIngestBody('{"a":1}\r\n\n{oops\n{"a":3}\n', 10, 32);
    expect(r.kind).toBe('batch');
    if (r.kind !== 'batch') return;
    expect(r.items).toHaveLength(3);
    expect(r.items[1]?.ok).toBe(false);
    expect(r.items[2]).toEqual({ ok: true, value: { a: 3 } });
  });

  it.each([
    ['', 'MUTT_INGEST_INVALID_JSON', 'json'],
    ['   \n', 'MUTT_INGEST_INVALID_JSON', 'json'],
    ['null', 'MUTT_INGEST_INVALID_JSON', 'json'],
    ['{', 'MUTT_INGEST_INVALID_JSON', 'json'],
    ['{\n"a": 1,\n}', 'MUTT_INGEST_INVALID_JSON', 'json'],
    ['[1', 'MUTT_INGEST_INVALID_JSON', 'json'],
    ['"text"', 'MUTT_INGEST_NOT_AN_OBJECT', 'json'],
    ['42', 'MUTT_INGEST_NOT_AN_OBJECT', 'json'],
    ['true', 'MUTT_INGEST_NOT_AN_OBJECT', 'json'],
    ['[]', 'MUTT_INGEST_EMPTY_BATCH', 'validation'],
    ['[{},{},{}]', 'MUTT_INGEST_BATCH_TOO_LARGE', 'validation'],
    ['{}\n{}\n{}', 'MUTT_INGEST_BATCH_TOO_LARGE', 'validation'],
  ])('%j → %s', (body, code, reason) => {
    const r = parseIngestBody(body, 2, 32);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') {
      expect(r.failure.code).toBe(code);
      expect(r.failure.reason).toBe(reason);
      expect(r.failure.status).toBeGreaterThanOrEqual(400);
      expect(r.failure.status).toBeLessThan(500);
    }
  });

  it('names the payload problem like the REF', () => {
    const r = parseIngestBody('[1]', 10, 32);
    expect(r.kind).toBe('batch');
    const n = parseIngestBody('null', 10, 32);
    expect(n.kind === 'error' && n.failure.message).toBe('Invalid JSON: Empty or null payload');
    const s = parseIngestBody('"x"', 10, 32);
    expect(s.kind === 'error' && s.failure.message).toBe('Invalid JSON: Payload must be a JSON object');
  });

  it('never throws on arbitrary text and always gives events or a catalogued 4xx', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array().map((b) => Buffer.from(b).toString('utf8')),
        ),
        (text) => {
          const r = parseIngestBody(text, 50, 32);
          if (r.kind === 'error') {
            expect(codes.has(r.failure.code)).toBe(true);
            expect(r.failure.status >= 400 && r.failure.status < 500).toBe(true);
            expect(r.failure.message.length).toBeGreaterThan(0);
          } else if (r.kind === 'batch') {
            expect(r.items.length).toBeGreaterThan(0);
            expect(r.items.length).toBeLessThanOrEqual(50);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips every object and every array of objects', () => {
    const obj = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(obj, (o) => {
        const r = parseIngestBody(JSON.stringify(o), 10, 32);
        expect(r).toEqual({ kind: 'single', value: JSON.parse(JSON.stringify(o)) });
      }),
    );
    fc.assert(
      fc.property(fc.array(obj, { minLength: 1, maxLength: 10 }), (arr) => {
        const r = parseIngestBody(JSON.stringify(arr), 10, 32);
        expect(r.kind).toBe('batch');
        if (r.kind === 'batch') expect(r.items.map((i) => (i.ok ? i.value : undefined))).toEqual(JSON.parse(JSON.stringify(arr)));
        const nd = parseIngestBody(arr.map((o) => JSON.stringify(o)).join('\n'), 10, 32);
        if (arr.length === 1) expect(nd.kind).toBe('single');
        else if (nd.kind === 'batch')
          expect(nd.items.map((i) => (i.ok ? i.value : undefined))).toEqual(JSON.parse(JSON.stringify(arr)));
        else expect.unreachable('NDJSON of objects must be a batch');
      }),
    );
  });
});
