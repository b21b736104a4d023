// Pure: turns a decoded request body into one event, a batch (JSON array or NDJSON), or a failure.
// A body that parses as one JSON object is always the single-object case (ingestor.md §2.6).
import { failure, type IngestFailure } from './ingest-failure.js';

export type BatchItem =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: IngestFailure };

export type ParsedBody =
  | { readonly kind: 'single'; readonly value: Record<string, unknown> }
  | { readonly kind: 'batch'; readonly items: readonly BatchItem[] }
  | { readonly kind: 'error'; readonly failure: IngestFailure };

function invalidJson(detail: string): ParsedBody {
  return { kind: 'error', failure: failure('MUTT_INGEST_INVALID_JSON', 'json', `Invalid JSON: ${detail}`) };
}

function tooMany(n: number, max: number): ParsedBody {
  return {
    kind: 'error',
    failure: failure('MUTT_INGEST_BATCH_TOO_LARGE', 'validation', `Batch of ${n} events exceeds INGEST_MAX_BATCH_SIZE (${max})`),
  };
}

function emptyBatch(): ParsedBody {
  return { kind: 'error', failure: failure('MUTT_INGEST_EMPTY_BATCH', 'validation', 'Empty batch: send at least one event') };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

/** NDJSON: used only when the whole body is not one JSON value; lines that fail become per-index errors. */
function parseNdjson(text: string, maxBatch: number, wholeError: string): ParsedBody {
  const lines = text.split('\n').filter((l) => !isBlank(l));
  if (lines.length < 2) return invalidJson(wholeError);
  if (lines.length > maxBatch) {
    // Too many lines for a batch; only call it one if it looks like NDJSON at all (bounded work: two lines).
    const looksNdjson = tryParse(lines[0] as string).ok || tryParse(lines[lines.length - 1] as string).ok;
    return looksNdjson ? tooMany(lines.length, maxBatch) : invalidJson(wholeError);
  }
  let parsedAny = false;
  const items: BatchItem[] = lines.map((line, index) => {
    const r = tryParse(line);
    if (r.ok) {
      parsedAny = true;
      return { ok: true, value: r.value };
    }
    return { ok: false, failure: failure('MUTT_INGEST_INVALID_JSON', 'json', `Invalid JSON at line ${index + 1}: ${r.error}`) };
  });
  // Nothing parsed line by line: it was a malformed single document, so report the whole-body error.
  if (!parsedAny) return invalidJson(wholeError);
  return { kind: 'batch', items };
}

export function parseIngestBody(raw: string, maxBatch: number): ParsedBody {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (isBlank(text)) return invalidJson('Empty or null payload');
  const whole = tryParse(text);
  if (!whole.ok) return parseNdjson(text, maxBatch, whole.error);
  const v = whole.value;
  if (v === null) return invalidJson('Empty or null payload');
  if (Array.isArray(v)) {
    if (v.length === 0) return emptyBatch();
    if (v.length > maxBatch) return tooMany(v.length, maxBatch);
    return { kind: 'batch', items: v.map((value: unknown) => ({ ok: true, value })) };
  }
  if (typeof v === 'object') return { kind: 'single', value: v as Record<string, unknown> };
  return { kind: 'error', failure: failure('MUTT_INGEST_NOT_AN_OBJECT', 'json', 'Invalid JSON: Payload must be a JSON object') };
}
