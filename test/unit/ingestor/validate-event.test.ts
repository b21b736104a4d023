import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventContext } from '../../../src/services/ingestor/validate-event.js';

const ctx: EventContext = {
  requiredFields: ['message'],
  clientAddress: '10.0.0.9',
  receivedAt: '2025-11-10T12:00:00.000Z',
  headerCorrelationId: undefined,
};

function ok(v: unknown, c: Partial<EventContext> = {}): Record<string, unknown> {
  const r = validateEvent(v, { ...ctx, ...c });
  if (!r.ok) throw new Error(`expected ok, got ${r.failure.message}`);
  return JSON.parse(r.json) as Record<string, unknown>;
}

function bad(v: unknown, c: Partial<EventContext> = {}): { code: string; message: string; reason: string } {
  const r = validateEvent(v, { ...ctx, ...c });
  if (r.ok) throw new Error('expected a failure');
  return r.failure;
}

describe('validateEvent', () => {
  it('fills hostname and timestamp, writes both correlation fields, keeps other fields', () => {
    const e = ok({ message: 'm', severity: 'err', nested: { a: [1] } });
    expect(e.hostname).toBe('10.0.0.9');
    expect(e.timestamp).toBe('2025-11-10T12:00:00.000Z');
    expect(e.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e._correlation_id).toBe(e.correlation_id);
    expect(e.severity).toBe('err');
    expect(e.nested).toEqual({ a: [1] });
  });

  it('hostname falls back to host, source, source_ip, then the client', () => {
    expect(ok({ message: 'm', host: 'h1', source: 's', source_ip: '1.1.1.1' }).hostname).toBe('h1');
    expect(ok({ message: 'm', source: 's', source_ip: '1.1.1.1' }).hostname).toBe('s');
    expect(ok({ message: 'm', source_ip: '1.1.1.1' }).hostname).toBe('1.1.1.1');
    expect(ok({ message: 'm', hostname: '' }).hostname).toBe('10.0.0.9');
  });

  it('rejects a bad hostname, naming the field', () => {
    expect(bad({ message: 'm', hostname: 42 }).message).toContain("'hostname'");
    expect(bad({ message: 'm', hostname: 'x'.repeat(256) }).reason).toBe('validation');
    expect(ok({ message: 'm', hostname: 'x'.repeat(255) }).hostname).toHaveLength(255);
  });

  it('rejects a hostname holding NUL (the audit column cannot store it) and skips such fallbacks', () => {
    const f = bad({ message: 'm', hostname: 'sw1\u0000' });
    expect(f).toMatchObject({ code: 'MUTT_INGEST_VALIDATION', reason: 'validation' });
    expect(f.message).toContain("'hostname'");
    expect(ok({ message: 'm', host: 'h\u0000', source: 's' }).hostname).toBe('s');
  });

  it.each([
    '2025-11-11T16:34:39.7110083Z',
    '2025-01-15T14:30:22Z',
    '2025-11-10T12:00:00+00:00',
    '2025-11-10',
    '1731240000',
    1731240000,
    1731240000123,
  ])('accepts timestamp %j unchanged', (ts) => {
    expect(ok({ message: 'm', timestamp: ts }).timestamp).toBe(ts);
  });

  it.each(['yesterday', '2025-13-01T00:00:00Z', '2025-11-10T25:00:00Z', -5, true, { t: 1 }, 'NaN'])(
    'rejects timestamp %j',
    (ts) => {
      const f = bad({ message: 'm', timestamp: ts });
      expect(f.code).toBe('MUTT_INGEST_VALIDATION');
      expect(f.message).toContain("'timestamp'");
    },
  );

  it('requires a non-empty string message and lists missing fields REF-style', () => {
    expect(bad({}).message).toBe("Missing required fields: ['message']");
    expect(bad({ message: '' }).message).toBe("Missing required fields: ['message']");
    expect(bad({ message: 7 }).message).toBe("Field 'message' must be a non-empty string");
    expect(bad({ message: 'm' }, { requiredFields: ['message', 'severity', 'facility'] }).message).toBe(
      "Missing required fields: ['severity', 'facility']",
    );
    expect(ok({ other: 1 }, { requiredFields: [] }).other).toBe(1);
  });

  it('rejects non-objects as json problems', () => {
    for (const v of [null, 1, 'x', [], [{}]]) expect(bad(v).code).toBe('MUTT_INGEST_NOT_AN_OBJECT');
  });

  it('correlation id: the event wins, then the header, then a new UUID; invalid ones are replaced', () => {
    expect(ok({ message: 'm', correlation_id: 'abc-1' }, { headerCorrelationId: 'hdr' }).correlation_id).toBe('abc-1');
    expect(ok({ message: 'm' }, { headerCorrelationId: 'hdr' })._correlation_id).toBe('hdr');
    const e = ok({ message: 'm', correlation_id: 'bad id with spaces' }, { headerCorrelationId: 'hdr' });
    expect(e.correlation_id).toBe('hdr');
    expect(ok({ message: 'm', correlation_id: 'x'.repeat(129) }).correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('drops client fields starting with _ and counts them', () => {
    const r = validateEvent({ message: 'm', _correlation_id: 'spoof', _retry_count: 9, a: 1 }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.droppedInternal).toBe(2);
    const e = JSON.parse(r.json) as Record<string, unknown>;
    expect(e._retry_count).toBeUndefined();
    expect(e._correlation_id).toBe(e.correlation_id);
  });

  it('never throws; every valid object round-trips with only the documented additions', () => {
    const key = fc
      .string()
      .filter((k) => !k.startsWith('_') && !['hostname', 'timestamp', 'correlation_id', 'message'].includes(k));
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), fc.string({ minLength: 1 }), (extra, message) => {
        const input = { ...extra, message };
        const snapshot = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
        const r = validateEvent(input, ctx);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const out = JSON.parse(r.json) as Record<string, unknown>;
        const { hostname, timestamp, correlation_id, _correlation_id, ...rest } = out;
        expect(rest).toEqual(snapshot);
        expect(hostname).toBe('10.0.0.9');
        expect(timestamp).toBe(ctx.receivedAt);
        expect(_correlation_id).toBe(correlation_id);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = validateEvent(v, ctx);
        if (!r.ok) expect(r.failure.status).toBe(400);
      }),
    );
  });
});
