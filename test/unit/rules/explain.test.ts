import { describe, expect, it } from 'vitest';
import { explainEvent } from '../../../src/core/rules/explain.js';
import { rule } from './fixtures.js';

describe('explainEvent', () => {
  const rules = [
    rule({ id: 1, pattern: 'fan', priority: 1, syslog_severity: 2 }),
    rule({ id: 2, match_type: 'regex', pattern: 'link.*down', priority: 5, team_assignment: 'CORE' }),
    rule({ id: 3, pattern: 'link', priority: 9 }),
  ];

  it('lists tried rules up to the first match with reasons, and the payload', () => {
    const r = explainEvent({ hostname: 'core-1', message: 'Link is DOWN', correlation_id: 'c1' }, rules, [], []);
    expect(r.tried.map((t) => [t.rule_id, t.matched])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(r.tried[0]?.reason).toContain('syslog_severity');
    expect(r.matched?.rule_id).toBe(2);
    expect(r.team).toBe('CORE');
    expect(r.forward).toBe(true);
    expect(r.payload?.rule_id).toBe(2);
    expect(r.correlation_id).toBe('c1');
  });

  it('explains a dev host and an unmatched event', () => {
    const dev = explainEvent({ hostname: 'LAB', message: 'link down' }, rules, ['lab'], []);
    expect(dev).toMatchObject({ environment: 'dev', handling: 'Ignore', forward: false, payload: null });
    const none = explainEvent({ hostname: 'core-1', message: 'test' }, rules, [], [{ hostname: 'core-1', team_assignment: 'T' }]);
    expect(none).toMatchObject({ matched: null, handling: 'unhandled', team: 'T', unhandled_signature: 'a94a8fe5ccb19ba6' });
    expect(none.tried).toHaveLength(3);
  });
});
