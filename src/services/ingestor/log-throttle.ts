// Bounded failure logging: a flood of bad requests must not become a flood of log lines.
// At most `perSecond` lines per key each second; the next line reports how many were suppressed.
import type { Fields, Logger } from '../../observability/logger.js';

export interface LogThrottle {
  warn(key: string, message: string, fields?: Fields): void;
  error(key: string, message: string, fields?: Fields): void;
}

export function createLogThrottle(logger: Logger, perSecond = 10, now: () => number = Date.now): LogThrottle {
  const windows = new Map<string, { second: number; count: number; suppressed: number }>();
  function emit(level: 'warning' | 'error', key: string, message: string, fields?: Fields): void {
    const second = Math.floor(now() / 1000);
    let w = windows.get(key);
    if (w === undefined) windows.set(key, (w = { second, count: 0, suppressed: 0 }));
    if (w.second !== second) {
      w.second = second;
      w.count = 0;
    }
    if (w.count >= perSecond) {
      w.suppressed++;
      return;
    }
    w.count++;
    const extra = w.suppressed > 0 ? { ...fields, suppressed: w.suppressed } : fields;
    w.suppressed = 0;
    logger[level](message, extra);
  }
  return {
    warn: (key, message, fields) => emit('warning', key, message, fields),
    error: (key, message, fields) => emit('error', key, message, fields),
  };
}
