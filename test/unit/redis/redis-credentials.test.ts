import { describe, expect, it } from 'vitest';
import { RedisCredentials } from '../../../src/adapters/redis/redis-credentials.js';

describe('RedisCredentials (the passwords one back end shares)', () => {
  it('tries CURRENT then NEXT, without duplicates; no password at all means "no AUTH"', () => {
    expect(new RedisCredentials('cur', 'nxt').candidates()).toEqual(['cur', 'nxt']);
    expect(new RedisCredentials('same', 'same').candidates()).toEqual(['same']);
    expect(new RedisCredentials(undefined, 'nxt').candidates()).toEqual(['nxt']);
    expect(new RedisCredentials(undefined, undefined).candidates()).toEqual([undefined]);
  });

  it('other() names the swap candidate after a refusal, or nothing when there is none', () => {
    const c = new RedisCredentials('cur', 'nxt');
    expect(c.other('cur')).toBe('nxt');
    expect(c.other('nxt')).toBe('cur');
    // A connection still on a pre-rotation password swaps to the current one.
    expect(c.other('stale')).toBe('cur');
    expect(new RedisCredentials('cur', undefined).other('cur')).toBeUndefined();
  });

  it('blanks every password it has ever held, so errors after a rotation stay clean too', async () => {
    const c = new RedisCredentials('first-pass', undefined);
    const probe = { status: 'end' } as unknown as Parameters<RedisCredentials['rotate']>[2];
    const logs: string[] = [];
    const logger = {
      debug: () => undefined,
      info: (m: string) => logs.push(m),
      warning: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
      critical: () => undefined,
      child: () => logger,
      flush: () => undefined,
    };
    await c.rotate('second-pass', 'third-pass', probe, logger);
    expect(c.active).toBe('second-pass');
    expect(c.blank('x first-pass y second-pass z third-pass')).toBe('x *** y *** z ***');
    expect(logs.join('\n')).toContain('reconnects will use REDIS_PASS_CURRENT');
    expect(logs.join('\n')).not.toMatch(/first-pass|second-pass|third-pass/);
  });
});
