import { describe, expect, it } from 'vitest';
import { PasswordRotation } from '../../../src/adapters/sql/pg-client.js';

describe('PasswordRotation (DB_PASS_CURRENT → DB_PASS_NEXT on 28P01)', () => {
  it('uses CURRENT first, NEXT after a flip, and back again on the next auth failure', () => {
    const r = new PasswordRotation('cur', 'nxt');
    expect(r.get()).toBe('cur');
    expect(r.label).toBe('DB_PASS_CURRENT');
    expect(r.flip()).toBe(true);
    expect(r.get()).toBe('nxt');
    expect(r.label).toBe('DB_PASS_NEXT');
    expect(r.flip()).toBe(true);
    expect(r.get()).toBe('cur');
  });

  it('does not retry when there is no distinct second password', () => {
    expect(new PasswordRotation('cur', undefined).flip()).toBe(false);
    expect(new PasswordRotation('same', 'same').flip()).toBe(false);
    const onlyNext = new PasswordRotation(undefined, 'nxt');
    expect(onlyNext.get()).toBe('nxt');
    expect(onlyNext.flip()).toBe(false);
    expect(new PasswordRotation(undefined, undefined).get()).toBe('');
  });

  it('set() takes rotated passwords and starts again from the new CURRENT', () => {
    const r = new PasswordRotation('cur', 'nxt');
    r.flip();
    r.set('rotated', undefined);
    expect(r.get()).toBe('rotated');
    expect(r.label).toBe('DB_PASS_CURRENT');
    expect(r.flip()).toBe(false);
  });
});
