import { describe, expect, it } from 'vitest';
import { classifyStatus, classifyTransportFailure, parseRetryAfter } from '../../../src/core/moog/classify-response.js';

describe('classifyStatus: the §4.3 table, every code 100–599', () => {
  for (let code = 100; code <= 599; code += 1) {
    it(`HTTP ${code}`, () => {
      const o = classifyStatus(code);
      if (code >= 200 && code < 300) expect(o.kind).toBe('success');
      else if (code === 429) expect(o).toMatchObject({ kind: 'retryable', countsForBreaker: false, reason: 'rate_limit' });
      else if (code === 408 || code >= 500)
        expect(o).toMatchObject({ kind: 'retryable', countsForBreaker: true, reason: 'http' });
      else expect(o).toMatchObject({ kind: 'non_retryable', status: code, reason: 'http' });
    });
  }
});

describe('Retry-After', () => {
  it('429 honours delta-seconds and HTTP dates', () => {
    expect(classifyStatus(429, '2')).toMatchObject({ retryAfterMs: 2000 });
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(classifyStatus(429, 'Wed, 01 Jan 2025 00:00:05 GMT', now)).toMatchObject({ retryAfterMs: 5000 });
    expect(classifyStatus(503, '1.5')).toMatchObject({ retryAfterMs: 1500 });
    expect(classifyStatus(429)).toMatchObject({ retryAfterMs: null });
  });
  it('garbage or past dates', () => {
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter('Wed, 01 Jan 2020 00:00:00 GMT', Date.parse('2025-01-01'))).toBe(0);
  });
});

describe('transport failures', () => {
  it('timeouts and connection errors are retryable and count for the breaker', () => {
    expect(classifyTransportFailure('timeout')).toMatchObject({
      kind: 'retryable',
      countsForBreaker: true,
      status: null,
      reason: 'timeout',
    });
    expect(classifyTransportFailure('connection')).toMatchObject({
      kind: 'retryable',
      countsForBreaker: true,
      reason: 'connection',
    });
  });
});
