// Tells a database outage (keep the batch, back off) from a data error (retry → DLQ for the offending rows).

const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53400',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'MUTT_STORE_UNAVAILABLE',
]);
const UNAVAILABLE_TEXT =
  /connection terminated|connect ECONN|timeout exceeded when trying to connect|Connection terminated|database system is (starting|shutting)|PGlite is closed|Client has encountered a connection error/i;

function codeOf(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

export function isStoreUnavailable(err: unknown, depth = 0): boolean {
  if (err === null || err === undefined || depth > 4) return false;
  const code = codeOf(err);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (err instanceof Error && UNAVAILABLE_TEXT.test(err.message)) return true;
  return isStoreUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): the rows, not the database, are at fault. */
export function isDataError(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && /^(22|23)/.test(code);
}
