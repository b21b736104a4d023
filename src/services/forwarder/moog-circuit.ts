// The forwarder's breaker housekeeping around Moogsoft: the start-up probe, the periodic refresh (with the HEAD
// probe that closes a half-open breaker when there is no traffic) and the rate-limited "breaker OPEN" line.
import type { Config } from '../../config/load.js';
import type { CircuitConfig } from '../../core/moog/circuit-breaker.js';
import type { Logger } from '../../observability/logger.js';
import type { Moog } from '../../ports/moog.js';
import type { CircuitView } from './circuit-view.js';

const OPEN_LOG_EVERY_MS = 10_000;

/** Probes Moogsoft once at start; a healthy probe resets the breaker when CIRCUIT_BREAKER_RESET_ON_START. Returns reachability. */
export async function probeAtStart(
  c: Config,
  client: Moog,
  circuit: CircuitView,
  cfg: CircuitConfig,
  logger: Logger,
): Promise<boolean> {
  const probe = await client.probe(Math.min(c.moogTimeout * 1000, 5000));
  if (!c.circuitBreakerEnabled) return probe.healthy;
  if (probe.healthy && c.circuitBreakerResetOnStart) {
    await circuit.reset(cfg);
    logger.info('Circuit breaker reset on startup (Moogsoft probe healthy)');
  } else {
    await circuit.refresh(cfg);
    if (!probe.healthy)
      logger.warning(
        `Moogsoft probe failed at startup (${probe.detail}); circuit breaker left ${circuit.current?.state ?? 'CLOSED'}`,
      );
  }
  return probe.healthy;
}

/** Refreshes the breaker view; returns the probe's answer when this pod probed Moogsoft, else null. */
export async function refreshCircuit(
  c: Config,
  client: Moog,
  circuit: CircuitView,
  cfg: CircuitConfig,
  pod: string,
): Promise<boolean | null> {
  if (!c.circuitBreakerEnabled) return null;
  const s = await circuit.refresh(cfg);
  // With no traffic a half-open breaker would never close (and remediation waits for CLOSED), so the pod
  // that wins the single probe asks Moog itself with the shared HEAD probe.
  if (s.state !== 'HALF_OPEN' || (await circuit.admit(cfg, `${pod}:head-probe`)) !== 'probe') return null;
  const p = await client.probe(Math.min(c.moogTimeout * 1000, 5000));
  if (p.healthy) await circuit.success(cfg);
  else await circuit.failure(cfg, 'head-probe');
  return p.healthy;
}

/** `Circuit breaker is OPEN, skipping forward` at most once per OPEN_LOG_EVERY_MS, with the count since the last line. */
export class CircuitOpenLog {
  private lastAt = 0;
  private skippedSince = 0;

  constructor(
    private readonly logger: Logger,
    private readonly dlqName: string,
  ) {}

  skipped(correlationId: string): void {
    this.skippedSince += 1;
    const now = Date.now();
    if (now - this.lastAt < OPEN_LOG_EVERY_MS) return;
    this.logger.warning(
      `Circuit breaker is OPEN, skipping forward (${this.skippedSince} alert(s) to ${this.dlqName} since last report)`,
      { correlation_id: correlationId },
    );
    this.lastAt = now;
    this.skippedSince = 0;
  }
}
