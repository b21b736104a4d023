// Ingestor metrics, names and labels fixed by docs/decisions.md D19 (dashboards and the guide grep them).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createRegistry } from '../../observability/metrics.js';
import type { FailReason } from './ingest-failure.js';

export interface IngestMetrics {
  readonly registry: Registry;
  success(n: number): void;
  fail(reason: FailReason, n?: number): void;
  rateLimitHit(): void;
  queueDepth(depth: number): void;
  latency(seconds: number): void;
  droppedInternalFields(n: number): void;
  /** Called on scrape when the depth gauge is older than 5 s, so it is not stale while no events arrive. */
  setDepthRefresher(refresh: () => Promise<number | null>): void;
}

const REASONS: readonly FailReason[] = ['auth', 'json', 'validation', 'queue_full', 'redis', 'rate_limit', 'unknown'];
const DEPTH_STALE_MS = 5_000;

export function createIngestMetrics(): IngestMetrics {
  const registry = createRegistry('ingestor');
  let lastDepthAt = 0;
  let refresher: (() => Promise<number | null>) | undefined;
  const requests = new Counter({
    name: 'mutt_ingest_requests_total',
    help: 'Ingest outcomes: one per event (success or rejected element), one per request for request-level failures',
    labelNames: ['status', 'reason'] as const,
    registers: [registry],
  });
  // The first labels object fixes the rendering order: status, then reason (the guide greps the literal).
  requests.inc({ status: 'success', reason: '' }, 0);
  const successChild = requests.labels({ status: 'success', reason: '' });
  const failChildren = new Map(REASONS.map((r) => [r, requests.labels({ status: 'fail', reason: r })]));
  const depth = new Gauge({
    name: 'mutt_ingest_queue_depth',
    help: 'Last observed length of the ingest queue',
    registers: [registry],
    async collect() {
      if (refresher === undefined || Date.now() - lastDepthAt < DEPTH_STALE_MS) return;
      const d = await refresher().catch(() => null);
      if (d !== null) {
        this.set(d);
        lastDepthAt = Date.now();
      }
    },
  });
  const latency = new Histogram({
    name: 'mutt_ingest_latency_seconds',
    help: 'Ingest handler latency after authentication, every outcome',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0],
    registers: [registry],
  });
  const rateHits = new Counter({
    name: 'mutt_ingest_rate_limit_hits_total',
    help: 'Requests refused by the ingest rate limiter',
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'mutt_ingest_internal_fields_dropped_total',
    help: 'Client fields starting with "_" dropped on ingest (reserved for MUTT)',
    registers: [registry],
  });
  return {
    registry,
    success: (n) => successChild.inc(n),
    fail: (reason, n = 1) => failChildren.get(reason)?.inc(n),
    rateLimitHit: () => rateHits.inc(),
    queueDepth: (d) => {
      depth.set(d);
      lastDepthAt = Date.now();
    },
    latency: (s) => latency.observe(s),
    droppedInternalFields: (n) => dropped.inc(n),
    setDepthRefresher: (fn) => {
      refresher = fn;
    },
  };
}
