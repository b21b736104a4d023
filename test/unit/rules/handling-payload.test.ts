import { describe, expect, it } from 'vitest';
import { buildAlert, buildMetaAlert, metaAlertBody } from '../../../src/core/rules/alert-payload.js';
import { decideHandling, devHostSet, deviceTeamFor, forwardsToMoog, teamMap } from '../../../src/core/rules/handling.js';
import { unhandledSignature } from '../../../src/core/rules/unhandled-signature.js';
import { rule } from './fixtures.js';

describe('handling', () => {
  const r = rule({ prod_handling: 'Page_and_ticket', dev_handling: 'Ignore' });

  it('prod uses prod_handling and forwards', () => {
    expect(decideHandling(r, 'core-1', devHostSet(['lab-1']))).toEqual({
      environment: 'prod',
      handling: 'Page_and_ticket',
      forward: true,
    });
  });

  it('dev hosts (case-insensitive) use dev_handling', () => {
    expect(decideHandling(r, 'LAB-1', devHostSet(['lab-1']))).toEqual({ environment: 'dev', handling: 'Ignore', forward: false });
  });

  it('forwards only page/ticket values, case-insensitively', () => {
    expect(['Page_and_ticket', 'PAGE_ONLY', 'ticket_only'].every(forwardsToMoog)).toBe(true);
    expect(['Ignore', 'Log_only', 'Email_only', 'Suppress', 'page-only', ''].some(forwardsToMoog)).toBe(false);
  });

  it('meta-alert team: device_teams, else the default', () => {
    const teams = teamMap([{ hostname: 'Core-1', team_assignment: 'CORE' }]);
    expect(deviceTeamFor('core-1', teams, 'NETO')).toBe('CORE');
    expect(deviceTeamFor('edge-9', teams, 'NETO')).toBe('NETO');
  });
});

describe('alert payload (A5)', () => {
  const r = rule({ id: 7, rule_name: 'link_down', team_assignment: 'NETO' });
  const event = {
    hostname: 'core-1',
    message: 'link down',
    syslog_severity: 'err',
    correlation_id: 'c-1',
    _correlation_id: 'c-1',
    api_key: 'k-secret',
    nested: { password: 'p', ok: 1, list: [{ token: 't', v: 2 }] },
  };

  it('carries every contract field and no secret anywhere', () => {
    const a = buildAlert(
      event,
      'core-1',
      'link down',
      r,
      { environment: 'prod', handling: 'Page_and_ticket', forward: true },
      'c-1',
    );
    expect(a).toMatchObject({
      hostname: 'core-1',
      team_assignment: 'NETO',
      severity: 'Major',
      message_body: 'link down',
      correlation_id: 'c-1',
      _correlation_id: 'c-1',
      rule_id: 7,
      rule_name: 'link_down',
      handling_decision: 'Page_and_ticket',
      environment: 'prod',
    });
    const text = JSON.stringify(a);
    for (const s of ['k-secret', 'api_key', '"password"', '"token"']) expect(text).not.toContain(s);
    expect(a.raw_json).toMatchObject({ nested: { ok: 1, list: [{ v: 2 }] } });
  });

  it('meta-alerts carry the unhandled fields and the exact body', () => {
    const m = buildMetaAlert({
      event,
      hostname: 'core-1',
      message: 'x'.repeat(300),
      signature: 'abcd',
      threshold: 100,
      windowSeconds: 86400,
      team: 'NETO',
      environment: 'prod',
      correlationId: 'c-1',
    });
    expect(m).toMatchObject({
      hostname: 'MUTT_Alerter',
      rule_id: null,
      rule_name: 'unhandled',
      source_hostname: 'core-1',
      unhandled_signature: 'abcd',
      handling_decision: 'unhandled_meta_alert',
    });
    expect(m.message_body).toBe(metaAlertBody('core-1', 100, 86400, 'x'.repeat(300)));
    expect(m.message_body).toBe(
      `[MUTT] Detected 100 unhandled messages in 86400s from 'core-1'. Sample message: ${'x'.repeat(200)}`,
    );
    expect(JSON.stringify(m)).not.toContain('k-secret');
  });

  it('unhandled signature test vectors (SHA-1 of the normalised text; v2.5 gave fa4aff8e1566b60b for eth0)', () => {
    expect(unhandledSignature('test')).toBe('a94a8fe5ccb19ba6');
    expect(unhandledSignature('LINK-DOWN: Interface eth0')).toBe('446b6789aedb957e');
    expect(unhandledSignature('LINK-DOWN: Interface eth1')).toBe('446b6789aedb957e');
  });
});
