// May mutt:dlq:moog be replayed now? Moogsoft must answer the shared HEAD probe (same client, TLS and auth as
// delivery) and the shared breaker must be CLOSED. A passing probe half-opens an OPEN breaker early.
import type { Moog, ProbeResult } from '../../ports/moog.js';
import type { CircuitConfig } from '../../core/moog/circuit-breaker.js';
import type { Logger } from '../../observability/logger.js';
import type { CircuitStore } from '../../ports/circuit-store.js';

/** ready: replay. recovering: the breaker is on its way to CLOSED, look again soon. unhealthy: wait an interval. */
export type GateVerdict = 'ready' | 'recovering' | 'unhealthy';

export interface MoogGateOptions {
  readonly client: Moog | null;
  readonly circuit: CircuitStore;
  readonly circuitEnabled: boolean;
  /** Read per check, so a live change of the breaker's dynamic keys applies here as in the forwarder. */
  readonly circuitConfig: () => Promise<CircuitConfig>;
  readonly probeTimeoutMs: number;
  /** A probe answer is reused this long (at most), so batch-after-batch cycles do not HEAD Moogsoft per batch. */
  readonly reuseMs: number;
  readonly dlqName: string;
  readonly logger: Logger;
}

export class MoogGate {
  private last: { result: ProbeResult; at: number } | null = null;
  /** Moogsoft came back (a fresh healthy answer after a failed one, or the first answer): may half-open once. */
  private cameBack = false;

  constructor(private readonly o: MoogGateOptions) {}

  private async probe(client: Moog, reuseMs: number): Promise<ProbeResult> {
    if (this.last !== null && Date.now() - this.last.at < reuseMs) return this.last.result;
    const result = await client.probe(this.o.probeTimeoutMs);
    if (result.healthy && this.last?.result.healthy !== true) this.cameBack = true;
    if (!result.healthy) this.cameBack = false;
    this.last = { result, at: Date.now() };
    return result;
  }

  /** `intervalMs` bounds how long a probe answer is reused (never more than `reuseMs`). */
  async check(intervalMs: number): Promise<{ verdict: GateVerdict; moogHealthy: boolean }> {
    // MOOG_HEALTH_CHECK_ENABLED=false: assume healthy and do not gate on the breaker either (the guide's override).
    if (this.o.client === null) return { verdict: 'ready', moogHealthy: true };
    const p = await this.probe(this.o.client, Math.min(intervalMs, this.o.reuseMs));
    if (!p.healthy) {
      this.o.logger.warning(`Moogsoft health check failed (${p.detail}), skipping DLQ replay of ${this.o.dlqName}`);
      return { verdict: 'unhealthy', moogHealthy: false };
    }
    if (!this.o.circuitEnabled) return { verdict: 'ready', moogHealthy: true };
    const cfg = await this.o.circuitConfig();
    let state = (await this.o.circuit.status(cfg)).state;
    // Only when Moogsoft has just come back: a HEAD that passed all along says nothing about why POSTs failed.
    if (state === 'OPEN' && this.cameBack) {
      this.cameBack = false;
      state = (await this.o.circuit.recordProbeSuccess(cfg)).state;
      this.o.logger.info(`Moogsoft probe passed again (${p.detail}); circuit breaker OPEN -> ${state}`);
    }
    if (state === 'CLOSED') return { verdict: 'ready', moogHealthy: true };
    this.o.logger.warning(`Circuit breaker is ${state}; skipping replay of ${this.o.dlqName}`);
    return { verdict: state === 'HALF_OPEN' ? 'recovering' : 'unhealthy', moogHealthy: true };
  }
}
