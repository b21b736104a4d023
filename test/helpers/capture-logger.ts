// A Logger that records lines so tests can assert on the guide's texts and on the absence of secrets.
import type { Fields, Logger } from '../../src/observability/logger.js';

export interface CapturedLine {
  readonly level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
  readonly message: string;
  readonly fields?: Fields | undefined;
}

export function captureLogger(): Logger & { lines: CapturedLine[]; text(): string } {
  const lines: CapturedLine[] = [];
  const at =
    (level: CapturedLine['level']) =>
    (message: string, fields?: Fields): void => {
      lines.push({ level, message, fields });
    };
  const l = {
    lines,
    debug: at('DEBUG'),
    info: at('INFO'),
    warning: at('WARNING'),
    error: at('ERROR'),
    critical: at('CRITICAL'),
    child: () => l,
    flush: () => undefined,
    text: () => lines.map((x) => `${x.level} ${x.message} ${x.fields ? JSON.stringify(x.fields) : ''}`).join('\n'),
  };
  return l;
}

/** Polls until `check` holds, failing after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
