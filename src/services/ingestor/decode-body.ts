// Content-Encoding handling with a hard output cap: a gzip bomb ends as 413, never as an out-of-memory crash.
import { gunzip } from 'node:zlib';
import { failure, type IngestFailure } from './ingest-failure.js';

export type DecodedBody = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly failure: IngestFailure };

function gunzipCapped(body: Buffer, max: number): Promise<DecodedBody> {
  return new Promise((resolve) => {
    gunzip(body, { maxOutputLength: max }, (err, out) => {
      if (err === null) return resolve({ ok: true, text: out.toString('utf8') });
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
      resolve({
        ok: false,
        failure: tooLarge
          ? failure(
              'MUTT_INGEST_BODY_TOO_LARGE',
              'validation',
              `Payload Too Large: decompressed body exceeds INGEST_MAX_BODY_BYTES (${max})`,
            )
          : failure('MUTT_INGEST_BAD_ENCODING', 'json', `Content-Encoding gzip could not be decoded: ${err.message}`),
      });
    });
  });
}

/** Synchronous for identity bodies (the hot path); a promise only when something must be inflated. */
export function decodeBody(body: Buffer, encoding: string | undefined, max: number): DecodedBody | Promise<DecodedBody> {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return { ok: true, text: body.toString('utf8') };
  const enc = encoding.trim().toLowerCase();
  if (enc === 'identity') return { ok: true, text: body.toString('utf8') };
  if (enc === 'gzip' || enc === 'x-gzip') return gunzipCapped(body, max);
  return {
    ok: false,
    failure: failure(
      'MUTT_INGEST_UNSUPPORTED_ENCODING',
      'json',
      `Unsupported Content-Encoding "${encoding.slice(0, 40)}" (only gzip and identity)`,
    ),
  };
}
