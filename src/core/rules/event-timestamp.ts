// Normalises an event's timestamp for the audit row, so epoch or zone-less values no longer fail every insert:
// ISO with zone as is, ISO without a zone as UTC, epoch seconds (< 1e12) or milliseconds; anything else is null
// (the caller uses the receipt time).

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

export function normalizeEventTimestamp(value: unknown): Date | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+(\.\d+)?$/.test(v)) return fromEpoch(Number(v));
  const iso = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v) && !HAS_ZONE.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

function fromEpoch(n: number): Date | null {
  if (!Number.isFinite(n) || n < 0) return null;
  const d = new Date(n < 1e12 ? n * 1000 : n);
  return Number.isFinite(d.getTime()) ? d : null;
}
