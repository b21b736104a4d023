import { describe, expect, it } from 'vitest';
import { createKeys } from '../../../src/core/keys.js';
import { planReplay, prepareReplay, replayTarget } from '../../../src/core/dlq-replay.js';

const keys = createKeys();

describe('replayTarget (DECISIONS contract 9)', () => {
  it('follows _dlq_source', () => {
    expect(replayTarget({ _dlq_source: 'moog_forwarder' }, keys.dlq('dead'), keys)).toBe('mutt:alert_queue');
    expect(replayTarget({ _dlq_source: 'alerter' }, keys.dlq('dead'), keys)).toBe('mutt:ingest_queue');
  });

  it('falls back to the DLQ the entry sits in, or the one a dead entry came from', () => {
    expect(replayTarget({}, keys.dlq('moog'), keys)).toBe('mutt:alert_queue');
    expect(replayTarget({ _dead_source_dlq: 'mutt:dlq:alerter' }, keys.dlq('dead'), keys)).toBe('mutt:ingest_queue');
  });

  it('sends plain events parked in mutt:dlq:old_events back to the ingest queue', () => {
    expect(replayTarget({ hostname: 'h', message: 'm' }, keys.dlq('old_events'), keys)).toBe('mutt:ingest_queue');
  });

  it('has no target for an unknown origin', () => {
    expect(replayTarget({}, keys.dlq('dead'), keys)).toBeNull();
  });
});

describe('prepareReplay', () => {
  it('strips DLQ metadata, resets counters, and a manual replay resets _remediation_attempts', () => {
    const out = prepareReplay(
      {
        message: 'm',
        _dlq_reason: 'circuit_open',
        _dlq_source: 'moog_forwarder',
        _dlq_at: 'x',
        _dlq_pod: 'p',
        _moog_retry_count: 4,
        _remediation_attempts: 2,
      },
      { kind: 'manual' },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(out).toMatchObject({ message: 'm', _last_dlq_reason: 'circuit_open', _moog_retry_count: 0 });
    expect(Object.keys(out).filter((k) => k.startsWith('_dlq_'))).toEqual([]);
    expect(out._remediation_attempts).toBeUndefined();
  });

  it('refuses unparsable _raw entries without an edited body', () => {
    const plan = planReplay(
      JSON.stringify({ _raw: '{oops', _dlq_reason: 'invalid_json', _dlq_source: 'alerter' }),
      keys.dlq('alerter'),
      keys,
      { kind: 'manual' },
    );
    expect(plan.ok).toBe(false);
  });
});
