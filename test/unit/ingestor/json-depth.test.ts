import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIngestBody, nonBlankLines } from '../../../src/services/ingestor/body-parser.js';
import { exceedsJsonDepth } from '../../../src/services/ingestor/json-depth.js';

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v !== null && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

describe('JSON nesting limit', () => {
  it('5,000 nested arrays (about 10 KB) are refused as 400 MUTT_INGEST_TOO_DEEP naming the limit', () => {
    const body = '['.repeat(5000) + ']'.repeat(5000);
    const r = parseIngestBody(body, 1000, 32);
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.failure).toMatchObject({ code: 'MUTT_INGEST_TOO_DEEP', status: 400, reason: 'json' });
    expect(r.failure.message).toContain('INGEST_MAX_JSON_DEPTH (32)');
  });

  it('a deep field inside an otherwise valid event is refused the same way', () => {
    const body = `{"message":"m","a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const r = parseIngestBody(body, 1000, 32);
    expect(r.kind === 'error' && r.failure.code).toBe('MUTT_INGEST_TOO_DEEP');
  });

  it('brackets inside strings (with escaped quotes) do not count', () => {
    const body = JSON.stringify({ message: `\\"${'['.repeat(100)}"{{{{` });
    expect(exceedsJsonDepth(body, 2)).toBe(false);
    expect(parseIngestBody(body, 10, 2).kind).toBe('single');
  });

  it('exactly the limit is accepted, one more is refused', () => {
    const at = `${'{"a":'.repeat(31)}[1]${'}'.repeat(31)}`;
    expect(parseIngestBody(at, 10, 32).kind).toBe('single');
    const over = `${'{"a":'.repeat(32)}[1]${'}'.repeat(32)}`;
    const r = parseIngestBody(over, 10, 32);
    expect(r.kind === 'error' && r.failure.code).toBe('MUTT_INGEST_TOO_DEEP');
  });

  it('an NDJSON line that is too deep is rejected by index; the other lines stay', () => {
    const body = `{"message":"a"}\n{"x":${'['.repeat(40)}${']'.repeat(40)}}\n{"message":"c"}`;
    const r = parseIngestBody(body, 10, 32);
    expect(r.kind).toBe('batch');
    if (r.kind !== 'batch') return;
    expect(r.items.map((i) => i.ok)).toEqual([true, false, true]);
    expect(r.items[1]?.ok === false && r.items[1].failure.code).toBe('MUTT_INGEST_TOO_DEEP');
  });

  it('agrees with the depth of the parsed value on any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 8 }), (v, limit) => {
        const text = JSON.stringify(v);
        expect(exceedsJsonDepth(text, limit)).toBe(depthOf(v) > limit);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('NDJSON line count', () => {
  it('stops at the limit without splitting the rest of the body', () => {
    const body = '{"message":"m"}\n'.repeat(5) + 'x'.repeat(1000);
    const { lines, more } = nonBlankLines(body, 3);
    expect(lines).toHaveLength(3);
    expect(more).toBe(true);
  });

  it('blank lines (spaces, CR, Unicode spaces) are not counted', () => {
    const { lines, more } = nonBlankLines('\n \r\n{"a":1}\n\u00a0\u2003\n\t\n{"a":2}\r\n', 10);
    expect(lines).toEqual(['{"a":1}', '{"a":2}\r']);
    expect(more).toBe(false);
  });

  it('more lines than INGEST_MAX_BATCH_SIZE: 413 that says "more than", whatever follows the limit', () => {
    const body = '{"message":"m"}\n'.repeat(3) + '\n'.repeat(1 << 20) + 'garbage';
    const r = parseIngestBody(body, 2, 32);
    expect(r.kind === 'error' && r.failure.code).toBe('MUTT_INGEST_BATCH_TOO_LARGE');
    expect(r.kind === 'error' && r.failure.message).toBe('Batch of more than 2 events exceeds INGEST_MAX_BATCH_SIZE (2)');
  });

  it('5 MiB of NDJSON lines past the limit costs a few ms of CPU, not a full split', () => {
    const body = '{}\n'.repeat(Math.floor((5 * 1024 * 1024) / 3));
    parseIngestBody(body, 1000, 32); // warm the JIT: the bound is about steady state
    const t = process.cpuUsage();
    const r = parseIngestBody(body, 1000, 32);
    const c = process.cpuUsage(t);
    expect(r.kind === 'error' && r.failure.code).toBe('MUTT_INGEST_BATCH_TOO_LARGE');
    // Measured on this machine: 110-115 ms when the body was split in full, 20-25 ms counted up to the limit.
    expect((c.user + c.system) / 1000).toBeLessThan(60);
  });
});
