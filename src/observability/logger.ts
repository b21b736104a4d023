// One logger for every service (docs/decisions.md D8): pino, `message` as the message key, the guide's level names,
// asynchronous output so per-event lines stay off the hot path.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { redactUrlsInText } from '../core/redaction.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warning(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  critical(message: string, fields?: Fields): void;
  child(bindings: Fields): Logger;
  /** Writes everything buffered; call before exit. */
  flush(): void;
}

export interface LoggerOptions {
  service: string;
  version: string;
  podName: string;
  level: LogLevel;
  format: 'text' | 'json';
  /** Defaults to stdout through an async destination. */
  destination?: DestinationStream;
  /** Prefix text lines with `<N>` so journald files them at the right priority (`journalctl --priority=err`). */
  syslogPrefix?: boolean;
}

const SYSLOG_PRIORITY: Record<string, number> = { DEBUG: 7, INFO: 6, WARNING: 4, ERROR: 3, CRITICAL: 2 };

const PINO_LEVEL: Record<LogLevel, string> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warn', ERROR: 'error', CRITICAL: 'fatal' };
const LABEL: Record<number, LogLevel> = { 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR', 60: 'CRITICAL' };

const HAS_CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL = /[\u0000-\u001f\u007f]/g;
const SHORT_ESCAPE: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text lines carry event data (hostnames, messages): a raw newline in it would forge a second log line. */
function escapeControl(s: string): string {
  if (!HAS_CONTROL.test(s)) return s;
  return s.replace(CONTROL, (c) => SHORT_ESCAPE[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function textLine(obj: Record<string, unknown>, syslogPrefix: boolean): string {
  const { time, level, message, service, version: _v, pod_name: _p, correlation_id, ...rest } = obj;
  const cid = correlation_id === undefined ? '' : ` [correlation_id=${escapeControl(String(correlation_id))}]`;
  const extra = Object.entries(rest)
    .map(([k, v]) => `${escapeControl(k)}=${typeof v === 'string' ? escapeControl(v) : JSON.stringify(v)}`)
    .join(' ');
  const prefix = syslogPrefix ? `<${SYSLOG_PRIORITY[String(level)] ?? 6}>` : '';
  return `${prefix}${String(time)} ${String(level)} ${String(service)}${cid} ${escapeControl(String(message))}${extra ? ` ${extra}` : ''}\n`;
}

/** Catch-all for URLs quoted in messages (probe errors, start-up lines): no userinfo or query values in logs. */
function safe(message: string): string {
  return message.includes('://') ? redactUrlsInText(message) : message;
}

class PinoAdapter implements Logger {
  constructor(
    private readonly p: PinoLogger,
    private readonly flusher: () => void,
  ) {}
  debug(message: string, fields?: Fields): void {
    this.p.debug(fields ?? {}, safe(message));
  }
  info(message: string, fields?: Fields): void {
    this.p.info(fields ?? {}, safe(message));
  }
  warning(message: string, fields?: Fields): void {
    this.p.warn(fields ?? {}, safe(message));
  }
  error(message: string, fields?: Fields): void {
    this.p.error(fields ?? {}, safe(message));
  }
  critical(message: string, fields?: Fields): void {
    this.p.fatal(fields ?? {}, safe(message));
  }
  child(bindings: Fields): Logger {
    return new PinoAdapter(this.p.child(bindings), this.flusher);
  }
  flush(): void {
    this.flusher();
  }
}

export function createLogger(opts: LoggerOptions): Logger {
  const sonic = opts.destination ? undefined : pino.destination({ fd: 1, sync: false });
  const base: DestinationStream = opts.destination ?? (sonic as unknown as DestinationStream);
  const stream: DestinationStream =
    opts.format === 'json'
      ? base
      : {
          write: (line: string) =>
            void base.write(textLine(JSON.parse(line) as Record<string, unknown>, opts.syslogPrefix === true)),
        };
  const p = pino(
    {
      level: PINO_LEVEL[opts.level],
      messageKey: 'message',
      base: { service: opts.service, version: opts.version, pod_name: opts.podName },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (_label, number) => ({ level: LABEL[number] ?? 'INFO' }) },
    },
    stream,
  );
  return new PinoAdapter(p, () => {
    try {
      sonic?.flushSync();
    } catch {
      /* not yet open: nothing buffered */
    }
  });
}

/** For tests and tools that want silence. */
export function silentLogger(): Logger {
  const noop = (): void => undefined;
  const l: Logger = { debug: noop, info: noop, warning: noop, error: noop, critical: noop, child: () => l, flush: noop };
  return l;
}
