// Dashboard data: GET /metrics (ingest rate summary) and GET /overview (live tiles: rates,
// queue depths, breaker, service health). Reads go through ports; service health is probed over HTTP.
import { circuitConfig } from '../runtime/circuit-config.js';
import type { ApiRouter } from './api-route.js';
import type { HealthTarget, WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';

const r2 = (n: number): number => Math.round(n * 100) / 100;

function minuteStamps(now: Date, count: number): string[] {
  const base = Math.floor(now.getTime() / 60_000) * 60_000;
  return Array.from({ length: count }, (_, i) => new Date(base - i * 60_000).toISOString().slice(0, 16));
}

function hourStamps(now: Date): { stamps: string[]; labels: string[] } {
  const base = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const hours = Array.from({ length: 24 }, (_, i) => new Date(base - (23 - i) * 3_600_000));
  return {
    stamps: hours.map((d) => d.toISOString().slice(0, 13)),
    labels: hours.map((d) => `${d.toISOString().slice(11, 13)}:00`),
  };
}

function defaultTargets(deps: WebuiDeps): HealthTarget[] {
  const c = deps.ctx.config;
  return [
    { service: 'ingestor', url: `http://127.0.0.1:${c.ingestorPort}/health` },
    { service: 'alerter', url: `http://127.0.0.1:${c.alerterHealthPort}/health` },
    { service: 'forwarder', url: `http://127.0.0.1:${c.forwarderHealthPort}/health` },
    { service: 'remediation', url: `http://127.0.0.1:${c.remediationHealthPort}/health` },
  ];
}

async function probe(fetchFn: typeof fetch, t: HealthTarget, timeoutMs: number): Promise<Record<string, unknown>> {
  const started = Date.now();
  try {
    const res = await fetchFn(t.url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return {
      service: t.service,
      status: res.status === 200 ? 'healthy' : 'unhealthy',
      http_status: res.status,
      latency_ms: Date.now() - started,
    };
  } catch (err) {
    return { service: t.service, status: 'down', error: (err as Error).message.slice(0, 200), latency_ms: Date.now() - started };
  }
}

export function registerOverviewRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { backends, config, logger } = deps.ctx;
  const now = deps.opts.now ?? (() => new Date());
  const fetchFn = deps.opts.fetch ?? fetch;
  let cached: { at: number; body: Record<string, unknown> } | null = null;

  api.route(
    'GET',
    '/metrics',
    { endpoint: 'metrics', tag: 'dashboard', summary: 'Ingest rate summary (events per minute) and 24 h chart' },
    {},
    async (_req, reply) => {
      const ttl = config.metricsCacheTtl * 1000;
      if (cached && ttl > 0 && Date.now() - cached.at < ttl) {
        deps.metrics.apiRequests.inc({ endpoint: 'metrics', status: 'success_cached' });
        return cached.body;
      }
      const t = now();
      const timer = deps.metrics.redisScanLatency.startTimer();
      let minutes: number[];
      let hours: number[];
      const { stamps, labels } = hourStamps(t);
      try {
        [minutes, hours] = await Promise.all([
          backends.eventCounters.read('1m', minuteStamps(t, 60)),
          backends.eventCounters.read('1h', stamps),
        ]);
      } catch (err) {
        logger.error(`Metrics read failed: ${(err as Error).message}`);
        deps.metrics.apiRequests.inc({ endpoint: 'metrics', status: 'fail_redis' });
        return sendError(reply, 'MUTT_BACKEND_UNAVAILABLE', 'Redis connection failed');
      } finally {
        timer();
      }
      const sum = (a: number[], n: number): number => a.slice(0, n).reduce((x, y) => x + y, 0);
      const body = {
        summary: {
          current_rate_1m: r2(minutes[0] ?? 0),
          avg_rate_15m: r2(sum(minutes, 15) / 15),
          avg_rate_1h: r2(sum(minutes, 60) / 60),
        },
        chart_24h: { labels, data: hours.map((h) => r2(h / 60)) },
        chart_60m: {
          labels: minuteStamps(t, 60)
            .reverse()
            .map((s) => s.slice(11)),
          data: [...minutes].reverse(),
        },
      };
      cached = { at: Date.now(), body };
      deps.metrics.apiRequests.inc({ endpoint: 'metrics', status: 'success' });
      return body;
    },
  );

  api.route(
    'GET',
    '/overview',
    { endpoint: 'overview', tag: 'dashboard', summary: 'Live overview: rates, queue depths, breaker, service health' },
    {},
    async () => {
      const t = now();
      const k = backends.keys;
      const queueNames: Record<string, string> = {
        ingest: k.ingestQueue,
        alert: k.alertQueue,
        dlq_alerter: k.dlq('alerter'),
        dlq_moog: k.dlq('moog'),
        dlq_dead: k.dlq('dead'),
        dlq_old_events: k.dlq('old_events'),
      };
      const since = new Date(t.getTime() - 60_000);
      const [depths, minutes, handled, forwarded, circuit, health] = await Promise.all([
        Promise.all(
          Object.entries(queueNames).map(
            async ([name, key]) => [name, await backends.queues.depth(key).catch(() => null)] as const,
          ),
        ),
        backends.eventCounters.read('1m', minuteStamps(t, 2)).catch(() => null),
        backends.store.queryEventAudit({ page: 1, limit: 1, startDate: since }).then(
          (p) => p.total,
          () => null,
        ),
        backends.store.queryEventAudit({ page: 1, limit: 1, startDate: since, forwarded: true }).then(
          (p) => p.total,
          () => null,
        ),
        circuitConfig(config, backends.configStore)
          .then((cfg) => backends.circuit.status(cfg))
          .then(
            (s) => ({
              state: s.state,
              failures: s.failures,
              opened_at: s.openedAtMs === null ? null : new Date(s.openedAtMs).toISOString(),
            }),
            (err: unknown) => ({ state: 'unknown', error: (err as Error).message }),
          ),
        Promise.all(
          (deps.opts.healthTargets ?? defaultTargets(deps)).map((tg) => probe(fetchFn, tg, config.webuiProbeTimeoutMs)),
        ),
      ]);
      const [queueOk, storeOk] = await Promise.all([
        backends.queueHealthy().catch(() => false),
        backends.storeHealthy().catch(() => false),
      ]);
      const lastFullMinute = minutes?.[1] ?? null;
      return {
        timestamp: t.toISOString(),
        profile: backends.profile,
        rates: {
          ingested_per_sec: lastFullMinute === null ? null : r2(lastFullMinute / 60),
          ingested_current_minute: minutes?.[0] ?? null,
          handled_per_sec: handled === null ? null : r2(handled / 60),
          forwarded_per_sec: forwarded === null ? null : r2(forwarded / 60),
          // Handled events are audited, everything else ingested in the window was unhandled (or still queued).
          unhandled_per_sec: lastFullMinute === null || handled === null ? null : r2(Math.max(0, lastFullMinute - handled) / 60),
        },
        queues: Object.fromEntries(depths),
        circuit_breaker: circuit,
        services: [
          { service: 'webui', status: queueOk && storeOk ? 'healthy' : 'unhealthy', queue_backend: queueOk, database: storeOk },
          ...health,
        ],
      };
    },
  );
}
