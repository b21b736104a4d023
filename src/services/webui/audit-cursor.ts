// Opaque keyset cursors for the audit lists: base64url of "<list>:<microseconds>:<id>", where <list> is `e` (event
// audit) or `c` (config audit), so a cursor of one list is refused by the other.
import type { AuditSortKey } from '../../ports/store.js';
import { MuttError } from '../../core/errors.js';

export type AuditList = 'e' | 'c';

const DECODED = /^([ec]):(-?\d{1,17}):(\d{1,19})$/;
// Dates JS can represent: ±8.64e15 ms.
const MAX_MICROS = 8_640_000_000_000_000_000n;

export function encodeCursor(list: AuditList, key: AuditSortKey): string {
  return Buffer.from(`${list}:${key.micros}:${key.id}`, 'utf8').toString('base64url');
}

function invalid(): never {
  throw new MuttError(
    'MUTT_VALIDATION',
    'cursor is not a next_cursor of this list (pass it back unchanged, with the same filters)',
    { field: 'cursor' },
  );
}

/** Undefined when absent; a 400 naming `cursor` when malformed, from another list, or combined with page > 1. */
export function decodeCursor(list: AuditList, raw: string | undefined, page: number): AuditSortKey | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (page > 1)
    throw new MuttError(
      'MUTT_VALIDATION',
      'cursor and page > 1 cannot be combined: a cursor already says where the page starts',
      { field: 'cursor' },
    );
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) invalid();
  const m = DECODED.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (m === null || m[1] !== list) invalid();
  const micros = BigInt(m[2]!);
  if (micros > MAX_MICROS || micros < -MAX_MICROS || BigInt(m[3]!) > 9_223_372_036_854_775_807n) invalid();
  return { micros: micros.toString(), id: BigInt(m[3]!).toString() };
}
