import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MuttError } from '../../../src/core/errors.js';
import { asUnavailable, SilentConnectionGuard } from '../../../src/adapters/sql/pg-silent-connections.js';

const client = (): pg.ClientBase => ({}) as pg.ClientBase;

describe('SilentConnectionGuard', () => {
  it('distrusts every connection opened before a query timeout, and trusts those opened after', () => {
    const g = new SilentConnectionGuard();
    const a = client();
    const b = client();
    g.opened(a);
    g.opened(b);
    expect(g.isTrusted(a)).toBe(true);
    expect(g.sawError(new Error('Query read timeout'))).toBe(true);
    expect(g.isTrusted(a)).toBe(false);
    expect(g.isTrusted(b)).toBe(false);
    const c = client();
    g.opened(c);
    expect(g.isTrusted(c)).toBe(true);
  });

  it('keeps the pool for server errors (a failed statement is not a silent connection)', () => {
    const g = new SilentConnectionGuard();
    const a = client();
    g.opened(a);
    expect(g.sawError(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(false);
    expect(g.isTrusted(a)).toBe(true);
  });
});

describe('asUnavailable', () => {
  it('turns client-side timeouts into MUTT_STORE_UNAVAILABLE with the cause kept, and passes other errors through', () => {
    const timeout = new Error('Query read timeout');
    const mapped = asUnavailable(timeout, 35_000);
    expect(mapped).toBeInstanceOf(MuttError);
    expect(mapped).toMatchObject({ code: 'MUTT_STORE_UNAVAILABLE', status: 503, cause: timeout });
    expect(asUnavailable(new Error('timeout exceeded when trying to connect'), 1)).toMatchObject({
      code: 'MUTT_STORE_UNAVAILABLE',
    });
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(asUnavailable(syntax, 1)).toBe(syntax);
  });

  it('turns a server-side statement timeout (57014) into MUTT_STORE_UNAVAILABLE, so the web UI answers 503 rather than 500', () => {
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    expect(asUnavailable(cancelled, 1)).toMatchObject({ code: 'MUTT_STORE_UNAVAILABLE', status: 503, cause: cancelled });
  });
});
