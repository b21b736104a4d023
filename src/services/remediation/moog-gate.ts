// May mutt:dlq:moog be replayed now? Moogsoft must answer the shared HEAD probe (same client, TLS and auth as
// delivery) and the shared breaker must be CLOSED. A passing probe half-opens an OPEN breaker early.
import type { MoogClient, ProbeResult } from '../../adapters/moog/moog-client.js';
import type { CircuitConfig } from '../../core/moog/circuit-breaker.js';
import type { Logger } from '../../observability/logger.js';
import type { CircuitStore } from '../../ports/circuit-store.js';

/** ready: replay. recovering: the breaker is on its way to CLOSED, look again soon. unhealthy: wait an interval. */
export type GateVerdict = 'ready' | 'recovering' | 'unhealthy';

export interface MoogGateOptions {
  readonly client: MoogClient | null;
  readonly circuit: CircuitStore;
  readonly circuitEnabled: boolean;
  readonly circuitConfig: CircuitConfig;
  readonly probeTimeoutMs: number;
  /** A healthy answer is reused this long, so batch-after-batch draining does not HEAD Moogsoft per batch. */
  readonly healthyForMs: number;
  readonly dlqName: string;
  readonly logger: Logger;
}

export class MoogGate {
  private healthyAt = 0;

  constructor(private readonly o: MoogGateOptions) {}

  private async probe(mayReuse: boolean): Promise<ProbeResult> {
    if (this.o.client === null) return { healthy: true, detail: 'health check disabled' };
    if (mayReuse && Date.now() - this.healthyAt < this.o.healthyForMs) return { healthy: true, detail: 'recent probe' };
    const p = await this.o.client.probe(this.o.probeTimeoutMs);
    this.healthyAt = p.healthy ? Date.now() : 0;
    return p;
  }

  async check(): Promise<{ verdict: GateVerdict; moogHealthy: boolean }> {
    // MOOG_HEALTH_CHECK_ENABLED=false: assume healthy and do not gate on the breaker either (the guide's override).
    if (this.o.client === null) return { verdict: 'ready', moogHealthy: true };
    let state = this.o.circuitEnabled ? (await this.o.circuit.status(this.o.circuitConfig)).state : 'CLOSED';
    // Only a CLOSED breaker may reuse a recent answer: an OPEN one is half-opened on a fresh probe only.
    const p = await this.probe(state === 'CLOSED');
    if (!p.healthy) {
      this.o.logger.warning(`Moogsoft health check failed (${p.detail}), skipping DLQ replay of ${this.o.dlqName}`);
      return { verdict: 'unhealthy', moogHealthy: false };
    }
    if (state === 'OPEN') {
      state = (await this.o.circuit.recordProbeSuccess(this.o.circuitConfig)).state;
      this.o.logger.info(`Moogsoft probe passed (${p.detail}); circuit breaker OPEN -> ${state}`);
    }
    if (state === 'CLOSED') return { verdict: 'ready', moogHealthy: true };
    this.o.logger.warning(`Circuit breaker is ${state}; skipping replay of ${this.o.dlqName}`);
    return { verdict: state === 'HALF_OPEN' ? 'recovering' : 'unhealthy', moogHealthy: true };
  }
}
