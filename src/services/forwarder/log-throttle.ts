// Bounded log rate for per-message warnings/errors, so an outage cannot flood the journal.
import type { Fields, Logger } from '../../observability/logger.js';

export class LogThrottle {
  private windowStart = 0;
  private used = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  log(level: 'warning' | 'error', message: string, fields?: Fields): void {
    const t = this.now();
    if (t - this.windowStart >= 1000) {
      if (this.suppressed > 0) this.logger.warning(`Suppressed ${this.suppressed} similar log lines in the last second`);
      this.windowStart = t;
      this.used = 0;
      this.suppressed = 0;
    }
    if (this.used >= this.perSecond) {
      this.suppressed += 1;
      return;
    }
    this.used += 1;
    this.logger[level](message, fields);
  }
}
