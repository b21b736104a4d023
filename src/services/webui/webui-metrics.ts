// The webui's Prometheus metrics: Python MUTT names kept for existing dashboards (docs/decisions.md D19), plus new ones.
import { Counter, Histogram, type Registry } from 'prom-client';

export interface WebuiMetrics {
  readonly registry: Registry;
  readonly apiRequests: Counter<'endpoint' | 'status'>;
  readonly apiLatency: Histogram<'endpoint'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly authFailures: Counter;
  readonly auditWriteFailures: Counter;
  readonly notifyFailures: Counter;
  readonly redisScanLatency: Histogram;
}

export function createWebuiMetrics(registry: Registry): WebuiMetrics {
  const registers = [registry];
  return {
    registry,
    apiRequests: new Counter({
      name: 'mutt_webui_api_requests_total',
      help: 'API requests by endpoint and outcome',
      labelNames: ['endpoint', 'status'],
      registers,
    }),
    apiLatency: new Histogram({
      name: 'mutt_webui_api_latency_seconds',
      help: 'API latency by endpoint',
      labelNames: ['endpoint'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'mutt_webui_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    httpRequests: new Counter({
      name: 'mutt_webui_http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    authFailures: new Counter({ name: 'mutt_webui_auth_failures_total', help: 'Requests refused with 401', registers }),
    auditWriteFailures: new Counter({
      name: 'mutt_webui_audit_write_failures_total',
      help: 'Best-effort audit writes that failed',
      registers,
    }),
    notifyFailures: new Counter({
      name: 'mutt_webui_notify_failures_total',
      help: 'Change notifications that could not be published',
      registers,
    }),
    redisScanLatency: new Histogram({
      name: 'mutt_webui_redis_scan_latency_seconds',
      help: 'Read phase of the metrics API',
      registers,
    }),
  };
}

/** Outcome label from a status code. */
export function outcomeOf(status: number): string {
  if (status < 400) return 'success';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'error';
  return 'error_invalid';
}
