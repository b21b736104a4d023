// GET /api/{v}/slo (docs/decisions.md D20): PROMETHEUS_URL has no default. Unset, or every query
// failing to reach Prometheus, answers 503 with a message that says exactly that.
import { parseConfigValue } from '../../core/dynamic-config/validate.js';
import { configKeyDef } from '../../core/dynamic-config/catalogue.js';
import { redactUrl, redactUrlsInText } from '../../core/redaction.js';
import type { ApiRouter } from './api-route.js';
import type { WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { DEFAULT_SLOS, evaluateSlo, type SloDefinition } from './slo-definitions.js';

type QueryResult = { kind: 'value'; value: number | null } | { kind: 'unreachable'; error: string };

interface PrometheusTarget {
  readonly base: string;
  readonly headers: Record<string, string>;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `http://user:pw@prom:9090` works as basic auth: fetch refuses URLs with credentials, and errors would echo them. */
function prometheusTarget(raw: string): PrometheusTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { base: raw, headers: {} };
  }
  if (u.username === '' && u.password === '') return { base: raw, headers: {} };
  const auth = Buffer.from(`${decoded(u.username)}:${decoded(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { base: u.toString(), headers: { authorization: `Basic ${auth}` } };
}

async function queryOnce(fetchFn: typeof fetch, target: PrometheusTarget, expr: string): Promise<QueryResult> {
  const url = `${target.base.replace(/\/$/, '')}/api/v1/query?query=${encodeURIComponent(expr)}`;
  const res = await fetchFn(url, { headers: target.headers, signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) return { kind: 'unreachable', error: `HTTP ${res.status}` };
  const body = (await res.json()) as { status?: string; data?: { result?: { value?: [number, string] }[] } };
  if (body.status !== 'success') return { kind: 'value', value: null };
  const raw = body.data?.result?.[0]?.value?.[1];
  const n = raw === undefined ? NaN : Number(raw);
  return { kind: 'value', value: Number.isFinite(n) ? n : null };
}

async function query(fetchFn: typeof fetch, target: PrometheusTarget, expr: string, retryMs: number): Promise<QueryResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await queryOnce(fetchFn, target, expr);
      if (r.kind === 'value' || attempt > 0) return r;
    } catch (err) {
      if (attempt > 0) return { kind: 'unreachable', error: redactUrlsInText((err as Error).message) };
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

export function registerSloRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const defs = deps.opts.sloDefinitions ?? DEFAULT_SLOS;
  const fetchFn = deps.opts.fetch ?? fetch;
  const cs = deps.ctx.backends.configStore;

  async function dyn(keys: string[]): Promise<number | undefined> {
    for (const key of keys) {
      const raw = await cs.cachedGet(key).catch(() => null);
      const def = configKeyDef(key);
      const v = def ? parseConfigValue(def, raw) : raw === null ? undefined : Number(raw);
      if (typeof v === 'number' && Number.isFinite(v)) return v;
    }
    return undefined;
  }

  async function effective(d: SloDefinition): Promise<SloDefinition> {
    const targetAlias =
      d.name === 'ingestor_availability'
        ? ['slo_ingest_success_target']
        : d.name === 'forwarder_availability'
          ? ['slo_forward_success_target']
          : [];
    const windowHours = (await dyn([`slo_${d.name}_window_hours`, 'slo_window_hours'])) ?? d.windowHours;
    if (d.kind === 'latency') {
      const warning = (await dyn([`slo_${d.name}_upper_bound_warning`])) ?? d.warning ?? d.target * 1.5;
      const critical = (await dyn([`slo_${d.name}_upper_bound_critical`])) ?? d.critical ?? d.target * 2;
      return { ...d, windowHours, warning, critical };
    }
    const target = (await dyn([`slo_${d.name}_target`, ...targetAlias])) ?? d.target;
    const warning = (await dyn([`slo_${d.name}_burn_rate_warning`, 'slo_burn_rate_warning'])) ?? d.warning;
    const critical = (await dyn([`slo_${d.name}_burn_rate_critical`, 'slo_burn_rate_critical'])) ?? d.critical;
    return { ...d, windowHours, target: target > 0 && target < 1 ? target : d.target, warning, critical };
  }

  api.route(
    'GET',
    '/slo',
    { endpoint: 'slo', tag: 'slo', summary: 'SLO compliance from Prometheus (503 when PROMETHEUS_URL is unset or unreachable)' },
    {},
    async (_req, reply) => {
      const base = deps.ctx.config.prometheusUrl;
      if (!base)
        return sendError(
          reply,
          'MUTT_PROMETHEUS_UNAVAILABLE',
          'PROMETHEUS_URL is not set, so SLOs cannot be computed; set it to your Prometheus server (e.g. http://prometheus:9090)',
        );
      const effectiveDefs = await Promise.all(defs.map(effective));
      const executed = effectiveDefs.map((d) => d.query.split('[5m]').join(`[${d.windowHours}h]`));
      const target = prometheusTarget(base);
      const results = await Promise.all(executed.map((q) => query(fetchFn, target, q, deps.opts.prometheusRetryMs ?? 2000)));
      const unreachable = results.filter((r): r is { kind: 'unreachable'; error: string } => r.kind === 'unreachable');
      if (results.length > 0 && unreachable.length === results.length) {
        return sendError(
          reply,
          'MUTT_PROMETHEUS_UNAVAILABLE',
          `Prometheus at ${redactUrl(base)} is not reachable: ${unreachable[0]?.error ?? 'unknown error'}`,
        );
      }
      const slos = effectiveDefs.map((d, i) => {
        const r = results[i] as QueryResult;
        return {
          slo_name: d.name,
          description: d.description,
          window_hours: d.windowHours,
          metric_query: executed[i],
          ...evaluateSlo(d, r.kind === 'value' ? r.value : null),
        };
      });
      const component = (name: string, slo: string) => {
        const s = slos.find((x) => x.slo_name === slo);
        if (!s) return undefined;
        const state = s.status === 'ok' ? 'ok' : s.status === 'critical' ? 'critical' : 'warn';
        return {
          component: name,
          target: s.target,
          availability: s.actual_value,
          error_budget_remaining: s.error_budget_remaining,
          burn_rate: s.burn_rate,
          window_hours: s.window_hours,
          state,
        };
      };
      const components: Record<string, unknown> = {};
      const ing = component('ingestor', 'ingestor_availability');
      const fwd = component('forwarder', 'forwarder_availability');
      if (ing) components.ingestor = ing;
      if (fwd) components.forwarder = fwd;
      return { timestamp: new Date().toISOString(), window_hours: (await dyn(['slo_window_hours'])) ?? 24, slos, components };
    },
  );
}
