// Property fuzz of the pure request-parsing functions behind the ingest and management APIs: any generated body or
// query string ends in a value or a catalogued 4xx, never an exception. `npm run fuzz` runs the long version.
import { parse as parseQuery } from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/core/errors.js';
import { parseIngestBody } from '../../../src/services/ingestor/body-parser.js';
import { decodeBody } from '../../../src/services/ingestor/decode-body.js';
import { validateEvent, type EventContext } from '../../../src/services/ingestor/validate-event.js';
import { decodeCursor } from '../../../src/services/webui/audit-cursor.js';
import { MuttError } from '../../../src/core/errors.js';
import { parsePage } from '../../../src/services/webui/paging.js';
import { configAuditQueryOf, eventAuditQueryOf } from '../../../src/services/webui/routes-audit.js';
import { fuzzRuns, hostileBody, queryString } from '../../helpers/fuzz-inputs.js';

const RUNS = fuzzRuns('FUZZ_RUNS', 3_000);
const TIMEOUT = 60_000 + RUNS * 2;
const ctx: EventContext = {
  requiredFields: ['message'],
  clientAddress: '127.0.0.1',
  receivedAt: new Date(0).toISOString(),
  headerCorrelationId: undefined,
};

let runs = 0;
/** Yields to the event loop now and then: a long synchronous stretch starves vitest's worker RPC (it times out). */
async function breathe(): Promise<void> {
  if (++runs % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
}

function expectClientFailure(f: { code: string; status: number }): void {
  expect(f.code in ERRORS).toBe(true);
  expect(f.status).toBeGreaterThanOrEqual(400);
  expect(f.status).toBeLessThan(500);
}

function firstValues(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseQuery(raw))) out[k] = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  return out;
}

describe('fuzz: pure ingest and query parsing', () => {
  it(
    `${RUNS} bodies: decode → parse → validate ends in events or a catalogued 4xx`,
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody, async ({ payload, headers }) => {
          await breathe();
          const dec = decodeBody(payload, headers['content-encoding'], 5 * 1024 * 1024);
          const decoded = dec instanceof Promise ? await dec : dec;
          if (!decoded.ok) return expectClientFailure(decoded.failure);
          const parsed = parseIngestBody(decoded.text, 1000, 32);
          if (parsed.kind === 'error') return expectClientFailure(parsed.failure);
          const values = parsed.kind === 'single' ? [parsed.value] : parsed.items.map((i) => (i.ok ? i.value : undefined));
          for (const v of values) {
            if (v === undefined) continue;
            const out = validateEvent(v, ctx);
            if (!out.ok) expectClientFailure(out.failure);
            else expect(typeof out.json).toBe('string');
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    `${RUNS} query strings: audit, config-audit and paging parsers give a query or a 400 MuttError`,
    async () => {
      await fc.assert(
        fc.asyncProperty(queryString, async (raw) => {
          await breathe();
          const q = firstValues(raw);
          for (const run of [
            () => eventAuditQueryOf(q, 50),
            () => configAuditQueryOf(q, 50),
            () => parsePage(q, 50),
            () => decodeCursor('e', q.cursor, 1),
          ]) {
            try {
              run();
            } catch (err) {
              expect(err).toBeInstanceOf(MuttError);
              expect((err as MuttError).status).toBe(400);
            }
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
