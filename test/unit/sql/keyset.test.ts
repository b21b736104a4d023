import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microsToIso } from '../../../src/adapters/sql/store-common.js';
import { decodeCursor, encodeCursor } from '../../../src/services/webui/audit-cursor.js';

describe('audit keyset', () => {
  it('microseconds become an ISO timestamp with all six fractional digits', () => {
    expect(microsToIso('1762768800000123')).toBe('2025-11-10T10:00:00.000123Z');
    expect(microsToIso('-1')).toBe('1969-12-31T23:59:59.999999Z');
    expect(microsToIso('0')).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('a cursor round-trips and stays bound to its list', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 16n }), fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }), (us, id) => {
        const key = { micros: us.toString(), id: id.toString() };
        expect(decodeCursor('e', encodeCursor('e', key), 1)).toEqual(key);
        expect(() => decodeCursor('c', encodeCursor('e', key), 1)).toThrow(/cursor/);
      }),
    );
  });
});
