import { describe, expect, it } from 'vitest';
import { agentTime, buildMoogPayload, moogSeverity, moogSignature } from '../../../src/core/moog/moog-payload.js';

const alert = {
  hostname: 'router-01',
  team_assignment: 'NetOps',
  severity: 'Major',
  message_body: 'LINK-DOWN eth0',
  raw_json: { hostname: 'router-01', message: 'LINK-DOWN eth0', timestamp: '2025-11-10T12:00:00Z' },
  correlation_id: 'abc-1',
  _correlation_id: 'abc-1',
  rule_id: 7,
  rule_name: 'link-down',
  handling_decision: 'Page_and_ticket',
  environment: 'production',
  api_key: 'sekrit',
};

describe('moogSeverity (Moogsoft scale, DECISIONS A5)', () => {
  it.each([
    ['Clear', 0],
    ['clear', 0],
    ['Indeterminate', 1],
    ['Info', 1],
    ['INFO', 1],
    ['Warning', 2],
    ['warning', 2],
    ['Minor', 3],
    ['MAJOR', 4],
    ['Critical', 5],
    [' critical ', 5],
    [0, 0],
    [5, 5],
    [3, 3],
    ['4', 4],
  ])('%s → %i', (input, out) => expect(moogSeverity(input)).toBe(out));
  it.each([[6], [-1], [2.5], ['bogus'], [null], [undefined], [{}]])('unknown %s → Warning (2)', (input) =>
    expect(moogSeverity(input)).toBe(2),
  );
});

describe('moogSignature', () => {
  it('defaults to hostname::rule_name, then rule_id', () => {
    expect(moogSignature(alert, undefined)).toBe('router-01::link-down');
    expect(moogSignature({ hostname: 'h', rule_id: 9 }, undefined)).toBe('h::9');
    expect(moogSignature({}, undefined)).toBe('unknown::unknown');
  });
  it('meta-alerts default to MUTT_Alerter::unhandled:<source_hostname>:<signature>', () => {
    const meta = { hostname: 'MUTT_Alerter', rule_name: 'unhandled', source_hostname: 'sw-9', unhandled_signature: 'abc123' };
    expect(moogSignature(meta, undefined)).toBe('MUTT_Alerter::unhandled:sw-9:abc123');
  });
  it('renders MOOG_SIGNATURE_TEMPLATE placeholders; missing fields render empty', () => {
    expect(moogSignature(alert, '{hostname}:{team_assignment}:{rule_id}')).toBe('router-01:NetOps:7');
    expect(moogSignature(alert, '{hostname}-{nope}')).toBe('router-01-');
  });
});

describe('buildMoogPayload', () => {
  it('maps every REST LAM field', () => {
    const p = buildMoogPayload(alert, { nowMs: 0 });
    expect(p).toEqual({
      signature: 'router-01::link-down',
      source_id: 'router-01',
      external_id: 'abc-1',
      manager: 'MUTT',
      source: 'router-01',
      class: 'NetOps',
      agent: 'MUTT v2.5',
      agent_location: 'Alerter Service',
      type: 'link-down',
      severity: 4,
      description: 'LINK-DOWN eth0',
      agent_time: Date.parse('2025-11-10T12:00:00Z') / 1000,
      custom_info: alert.raw_json,
    });
    expect(JSON.stringify(p)).not.toContain('sekrit');
  });
  it('external_id is the correlation id (_correlation_id first), custom_info only when raw_json exists', () => {
    const p = buildMoogPayload({ correlation_id: 'c2', hostname: 'h' }, { nowMs: 5000 });
    expect(p.external_id).toBe('c2');
    expect('custom_info' in p).toBe(false);
    expect(p.agent_time).toBe(5);
    expect(p.class).toBe('Unknown');
    expect(buildMoogPayload({}, { nowMs: 0 }).external_id).toBe('unknown');
  });
  it('agent_time accepts epoch seconds and milliseconds', () => {
    expect(agentTime({ raw_json: { timestamp: 1762776000 } }, 0)).toBe(1762776000);
    expect(agentTime({ raw_json: { timestamp: 1762776000123 } }, 0)).toBe(1762776000);
    expect(agentTime({ raw_json: { timestamp: '1762776000' } }, 0)).toBe(1762776000);
    expect(agentTime({ raw_json: { timestamp: 'garbage' } }, 7000)).toBe(7);
  });
});
