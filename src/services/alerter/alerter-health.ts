// The alerter's /health: queue and database answer (each within CHECK_TIMEOUT_MS), no audit write stalled, rules loaded.
import type { HealthReport } from '../../observability/http-server.js';
import type { Backends } from '../../ports/backends.js';
import type { RuleCache } from './rule-cache.js';
import type { StoreWriteWatch } from './store-write-watch.js';

const CHECK_TIMEOUT_MS = 2_000;

export interface AlerterHealthInput {
  readonly backends: Backends;
  readonly pod: string;
  readonly state: { readonly queueDown: boolean; readonly storeDown: boolean };
  readonly storeWrites: StoreWriteWatch;
  readonly cache: RuleCache;
  readonly stallMs: number;
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p.catch(() => false),
    new Promise<boolean>((r) => {
      t = setTimeout(() => r(false), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

export async function alerterHealth(h: AlerterHealthInput): Promise<HealthReport> {
  const b = h.backends;
  const [q, s] = await Promise.all([
    withTimeout(b.queueHealthy(), CHECK_TIMEOUT_MS),
    withTimeout(b.storeHealthy(), CHECK_TIMEOUT_MS),
  ]);
  const errors: string[] = [];
  if (!q || h.state.queueDown) errors.push(b.profile === 'embedded' ? 'Queue: unavailable' : 'Redis: unavailable');
  if (!s || h.state.storeDown) errors.push('PostgreSQL: unavailable');
  const stalledMs = h.storeWrites.oldestMs();
  if (stalledMs > h.stallMs) errors.push(`PostgreSQL: audit write unanswered for ${Math.round(stalledMs / 1000)} s`);
  if (h.cache.snapshot === null) errors.push('Rule cache: not loaded');
  const body = {
    status: errors.length === 0 ? 'healthy' : 'unhealthy',
    service: 'mutt-alerter',
    version: '2.5',
    pod: h.pod,
    ...(errors.length ? { errors } : {}),
  };
  return { healthy: errors.length === 0, body };
}
