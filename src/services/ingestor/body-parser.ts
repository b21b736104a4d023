// Pure: turns a decoded request body into one event, a batch (JSON array or NDJSON), or a failure.
// A body that parses as one JSON object is always the single-object case, never a one-line NDJSON batch.
import { failure, type IngestFailure } from './ingest-failure.js';
import { exceedsJsonDepth } from './json-depth.js';

export type BatchItem = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly failure: IngestFailure };

export type ParsedBody =
  | { readonly kind: 'single'; readonly value: Record<string, unknown> }
  | { readonly kind: 'batch'; readonly items: readonly BatchItem[] }
  | { readonly kind: 'error'; readonly failure: IngestFailure };

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly failure: IngestFailure };

function invalidJson(detail: string): ParsedBody {
  return { kind: 'error', failure: failure('MUTT_INGEST_INVALID_JSON', 'json', `Invalid JSON: ${detail}`) };
}

function tooDeep(maxDepth: number, where = ''): IngestFailure {
  return failure('MUTT_INGEST_TOO_DEEP', 'json', `JSON nesting${where} is deeper than INGEST_MAX_JSON_DEPTH (${maxDepth})`);
}

function tooMany(count: string, max: number): ParsedBody {
  return {
    kind: 'error',
    failure: failure(
      'MUTT_INGEST_BATCH_TOO_LARGE',
      'validation',
      `Batch of ${count} events exceeds INGEST_MAX_BATCH_SIZE (${max})`,
    ),
  };
}

function emptyBatch(): ParsedBody {
  return { kind: 'error', failure: failure('MUTT_INGEST_EMPTY_BATCH', 'validation', 'Empty batch: send at least one event') };
}

function tryParse(text: string, maxDepth: number, where = ''): Parsed {
  if (exceedsJsonDepth(text, maxDepth)) return { ok: false, failure: tooDeep(maxDepth, where) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return {
      ok: false,
      failure: failure(
        'MUTT_INGEST_INVALID_JSON',
        'json',
        `Invalid JSON${where}: ${err instanceof Error ? err.message : String(err)}`,
      ),
    };
  }
}

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Up to `limit` non-blank lines; stops there without splitting (or even scanning) the rest of the body.
 * Runs of blank lines are skipped in one tight loop, so 5 MiB of newlines costs a few milliseconds.
 */
export function nonBlankLines(text: string, limit: number): { lines: string[]; more: boolean } {
  const lines: string[] = [];
  const len = text.length;
  let pos = 0;
  while (pos < len) {
    let i = pos;
    while (i < len && isAsciiSpace(text.charCodeAt(i))) i++;
    if (i === len) break;
    const start = text.lastIndexOf('\n', i) + 1;
    let end = text.indexOf('\n', i);
    if (end === -1) end = len;
    // A non-ASCII first character may still be a Unicode space: trim() decides.
    if (text.charCodeAt(i) < 128 || !isBlank(text.slice(start, end))) {
      if (lines.length === limit) return { lines, more: true };
      lines.push(text.slice(start, end));
    }
    pos = end + 1;
  }
  return { lines, more: false };
}

/** NDJSON: used only when the whole body is not one JSON value; lines that fail become per-index errors. */
function parseNdjson(text: string, maxBatch: number, maxDepth: number, whole: IngestFailure): ParsedBody {
  const { lines, more } = nonBlankLines(text, maxBatch + 1);
  if (lines.length < 2) return { kind: 'error', failure: whole };
  if (more || lines.length > maxBatch) {
    // Too many lines for a batch; only call it one if it looks like NDJSON at all (bounded work: two lines).
    const looksNdjson = tryParse(lines[0] as string, maxDepth).ok || tryParse(lines[lines.length - 1] as string, maxDepth).ok;
    return looksNdjson ? tooMany(`more than ${maxBatch}`, maxBatch) : { kind: 'error', failure: whole };
  }
  let parsedAny = false;
  const items: BatchItem[] = lines.map((line, index) => {
    const r = tryParse(line, maxDepth, ` at line ${index + 1}`);
    if (r.ok) parsedAny = true;
    return r;
  });
  // Nothing parsed line by line: it was a malformed single document, so report the whole-body error.
  if (!parsedAny) return { kind: 'error', failure: whole };
  return { kind: 'batch', items };
}

export function parseIngestBody(raw: string, maxBatch: number, maxDepth: number): ParsedBody {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (isBlank(text)) return invalidJson('Empty or null payload');
  const whole = tryParse(text, maxDepth);
  if (!whole.ok) return parseNdjson(text, maxBatch, maxDepth, whole.failure);
  const v = whole.value;
  if (v === null) return invalidJson('Empty or null payload');
  if (Array.isArray(v)) {
    if (v.length === 0) return emptyBatch();
    if (v.length > maxBatch) return tooMany(String(v.length), maxBatch);
    return { kind: 'batch', items: v.map((value: unknown) => ({ ok: true, value })) };
  }
  if (typeof v === 'object') return { kind: 'single', value: v as Record<string, unknown> };
  return { kind: 'error', failure: failure('MUTT_INGEST_NOT_AN_OBJECT', 'json', 'Invalid JSON: Payload must be a JSON object') };
}
