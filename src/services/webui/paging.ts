// Pagination and date filters shared by every paginated endpoint, so they all accept the same parameters.
import { MuttError } from '../../core/errors.js';
import type { PageQueryText } from './schemas.js';

export interface PageRequest {
  readonly page: number;
  readonly limit: number;
}

function intOr(raw: string | undefined, dflt: number): number {
  if (raw === undefined || !/^-?\d+$/.test(raw.trim())) return dflt;
  return Number(raw.trim());
}

/** Deepest row a `page` may reach (page × limit). Deeper OFFSETs cost more per page, and past 2^31 they overflowed. */
export const MAX_PAGE_ROWS = 100_000;

/** Lenient by design: garbage gives the default, out-of-range values are clamped; only a page past the cap is a 400. */
export function parsePage(q: PageQueryText, defaultLimit: number): PageRequest {
  const page = Math.max(1, intOr(q.page, 1));
  const limit = Math.min(200, Math.max(1, intOr(q.limit, defaultLimit)));
  if (page * limit > MAX_PAGE_ROWS) {
    throw new MuttError(
      'MUTT_VALIDATION',
      `page × limit must be at most ${MAX_PAGE_ROWS} (audit lists go deeper with cursor=<next_cursor>)`,
      { field: 'page' },
    );
  }
  return { page, limit };
}

export function pagination(page: PageRequest, total: number): Record<string, number> {
  return { page: page.page, limit: page.limit, total, pages: total === 0 ? 0 : Math.ceil(total / page.limit) };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO date or date-time (UTC without an offset). A date-only upper bound covers the whole day. */
export function parseDateParam(name: string, raw: string | undefined, upper: boolean): Date | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const t = raw.trim();
  let d: Date;
  if (DATE_ONLY.test(t)) {
    d = new Date(`${t}T00:00:00.000Z`);
    if (upper && !Number.isNaN(d.getTime())) d = new Date(d.getTime() + 86_400_000 - 1);
  } else if (DATE_TIME.test(t)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(t);
    d = new Date(hasZone ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}Z`);
  } else {
    throw new MuttError('MUTT_VALIDATION', `${name} must be an ISO 8601 date or date-time`);
  }
  if (Number.isNaN(d.getTime())) throw new MuttError('MUTT_VALIDATION', `${name} must be an ISO 8601 date or date-time`);
  return d;
}

export function parseIntParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2147483647) throw new MuttError('MUTT_VALIDATION', `${name} must be an integer`);
  return Number(raw);
}
