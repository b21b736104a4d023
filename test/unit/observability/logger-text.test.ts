import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../../src/observability/logger.js';

function capture(format: 'text' | 'json'): { logger: Logger; out: string[] } {
  const out: string[] = [];
  const logger = createLogger({
    service: 'alerter',
    version: '2.5',
    podName: 'p1',
    level: 'DEBUG',
    format,
    destination: { write: (s: string) => void out.push(s) },
  });
  return { logger, out };
}

describe('text log lines cannot be forged by event data', () => {
  it('an ingested newline stays inside one line, escaped', () => {
    const { logger, out } = capture('text');
    const hostname = 'sw1\n2026-12-04T00:00:00.000Z CRITICAL alerter FAKE LINE';
    logger.debug(`Handled: ${hostname} -> Rule 1`, { correlation_id: 'c1', host: `h\r\nFAKE LINE`, n: 3 });
    const text = out.join('');
    expect(text.split('\n')).toHaveLength(2); // one line plus the empty string after its terminator
    expect(text).toContain('Handled: sw1\\n2026-12-04T00:00:00.000Z CRITICAL alerter FAKE LINE -> Rule 1');
    expect(text).toContain('host=h\\r\\nFAKE LINE');
  });

  it('escapes every other C0 control character and DEL, and leaves printable text alone', () => {
    const { logger, out } = capture('text');
    logger.info('a\tb\u0000c\u001b[31md\u007fé ü 日本');
    expect(out.join('')).toMatch(/ a\\tb\\u0000c\\u001b\[31md\\u007fé ü 日本\n$/);
  });

  it('JSON lines stay one line too', () => {
    const { logger, out } = capture('json');
    logger.info('x\nFAKE LINE');
    expect(out.join('').trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('URLs in log messages lose their credentials', () => {
  it.each(['text', 'json'] as const)('%s format', (format) => {
    const { logger, out } = capture(format);
    logger.warning('Moog forwarder started: webhook=https://ops:hunter2@moog.example.com/lam?auth=tok3n rate_limit=off');
    const text = out.join('');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tok3n');
    expect(text).toContain('webhook=https://***@moog.example.com/lam?auth=***');
  });
});
