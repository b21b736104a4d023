// This pod's cached view of the shared breaker. While it is CLOSED and fresh, sends skip the round trip;
// any other state asks the store per message, so the half-open probe stays single.
import type { CircuitConfig, Verdict } from '../../core/moog/circuit-breaker.js';
import type { Logger } from '../../observability/logger.js';
import type { CircuitStatus, CircuitStore } from '../../ports/circuit-store.js';
import { observeCircuit, type ForwarderMetrics } from './forwarder-metrics.js';

const FRESH_MS = 500;

export class CircuitView {
  private status: CircuitStatus | null = null;
  private readAt = 0;

  constructor(
    private readonly store: CircuitStore,
    private readonly enabled: boolean,
    private readonly metrics: ForwarderMetrics,
    private readonly logger: Logger,
  ) {}

  get current(): CircuitStatus | null {
    return this.status;
  }

  private note(s: CircuitStatus, cfg: CircuitConfig): CircuitStatus {
    const prev = this.status;
    if (prev !== null && prev.state !== s.state) {
      this.logger.warning(
        `Circuit breaker moogsoft: ${prev.state} -> ${s.state} (failures=${s.failures}, threshold=${cfg.threshold})`,
      );
    }
    observeCircuit(this.metrics, s, prev);
    this.status = s;
    this.readAt = Date.now();
    return s;
  }

  async refresh(cfg: CircuitConfig): Promise<CircuitStatus> {
    return this.note(await this.store.status(cfg), cfg);
  }

  async admit(cfg: CircuitConfig, holder: string): Promise<Verdict> {
    if (!this.enabled) return 'allow';
    if (this.status?.state === 'CLOSED' && Date.now() - this.readAt < FRESH_MS) return 'allow';
    const r = await this.store.admit(cfg, holder);
    this.note(r.status, cfg);
    return r.verdict;
  }

  async success(cfg: CircuitConfig): Promise<void> {
    if (!this.enabled) return;
    // A CLOSED breaker with no failures needs no write; keeps the hot path to one round trip per alert.
    if (this.status !== null && this.status.state === 'CLOSED' && this.status.failures === 0) return;
    this.note(await this.store.recordSuccess(cfg), cfg);
  }

  async failure(cfg: CircuitConfig, messageId: string): Promise<void> {
    if (!this.enabled) return;
    this.note(await this.store.recordFailure(cfg, messageId), cfg);
  }

  async reset(cfg: CircuitConfig): Promise<void> {
    this.note(await this.store.reset(), cfg);
  }
}
