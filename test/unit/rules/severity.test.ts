import { describe, expect, it } from 'vitest';
import { alertSeverity, eventSeverity, normalizeSyslogSeverity } from '../../../src/core/rules/severity.js';

describe('syslog severity', () => {
  it.each([
    [0, 0],
    [7, 7],
    ['3', 3],
    [' 4 ', 4],
    ['Emergency', 0],
    ['emerg', 0],
    ['panic', 0],
    ['Alert', 1],
    ['CRIT', 2],
    ['critical', 2],
    ['err', 3],
    ['Error', 3],
    ['warn', 4],
    ['Warning', 4],
    ['Notice', 5],
    ['info', 6],
    ['Informational', 6],
    ['debug', 7],
  ] as const)('%s → %s', (input, out) => {
    expect(normalizeSyslogSeverity(input)).toBe(out);
  });

  it.each([8, -1, 2.5, '8', 'loud', '', null, undefined, true, {}])('%s → null', (input) => {
    expect(normalizeSyslogSeverity(input)).toBeNull();
  });

  it('reads syslog_severity, else severity (A18)', () => {
    expect(eventSeverity({ syslog_severity: 'Error', severity: 'debug' })).toBe(3);
    expect(eventSeverity({ severity: 'crit' })).toBe(2);
    expect(eventSeverity({ syslog_severity: 'bogus', severity: 5 })).toBe(5);
    expect(eventSeverity({})).toBeNull();
  });

  it('derives the alert severity: 0-2 Critical, 3 Major, else Warning', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, null].map(alertSeverity)).toEqual([
      'Critical',
      'Critical',
      'Critical',
      'Major',
      'Warning',
      'Warning',
      'Warning',
      'Warning',
      'Warning',
    ]);
  });
});
