// One WARNING a minute at most while new unhandled signatures are refused at the cap; the metric counts every one.
import type { Logger } from '../../observability/logger.js';
import type { LogThrottle } from './log-throttle.js';

export const OVERFLOW_LOG_INTERVAL_MS = 60_000;

export class UnhandledOverflowLog {
  private pending = 0;

  constructor(
    private readonly logger: Logger,
    private readonly throttle: LogThrottle,
  ) {}

  note(refused: number, cap: number): void {
    this.pending += refused;
    if (!this.throttle.allow('unhandled-overflow', OVERFLOW_LOG_INTERVAL_MS)) return;
    this.logger.warning(
      `UNHANDLED: signature cap ${cap} reached; ${this.pending} events with a new signature were not tracked and raise no meta-alert ` +
        '(mutt_alerter_unhandled_overflow_total). Add rules for them or raise unhandled_max_signatures.',
    );
    this.pending = 0;
  }
}
