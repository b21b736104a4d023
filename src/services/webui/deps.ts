// What every route family receives: the service context, metrics and the injectable collaborators.
import type { ServiceContext } from '../runtime/service-contract.js';
import type { RulePatternOptions } from '../../core/rules/compile-rule-pattern.js';
import type { ChangeContext } from '../../ports/store.js';
import type { FastifyRequest } from 'fastify';
import type { SloDefinition } from './slo-definitions.js';
import type { WebuiMetrics } from './webui-metrics.js';

export interface HealthTarget {
  readonly service: string;
  readonly url: string;
}

export interface WebuiOptions {
  /** Prometheus HTTP client; tests inject a fake. Defaults to global fetch. */
  readonly fetch?: typeof fetch;
  readonly sloDefinitions?: readonly SloDefinition[];
  /** Where the overview probes service health; defaults to 127.0.0.1 and the configured health ports. */
  readonly healthTargets?: readonly HealthTarget[];
  /** Wait between a failed Prometheus query and its retry (2 s per spec; tests shorten it). */
  readonly prometheusRetryMs?: number;
  readonly now?: () => Date;
  /** Worker entry of POST /rules/test; defaults to the compiled rule-dry-run-worker.js (tests run the .ts source). */
  readonly ruleDryRunWorker?: URL;
  /** Sees every route as it is registered (tests walk them to prove each non-public one needs a key). */
  readonly onRoute?: (route: { method: string | string[]; url: string; isPublic: boolean }) => void;
}

export interface WebuiDeps {
  readonly ctx: ServiceContext;
  readonly metrics: WebuiMetrics;
  readonly opts: WebuiOptions;
}

/** RULE_REGEX_MAX_PROGRAM_SIZE as compile options: every webui path checks rules against the alerter's budget. */
export function patternOptions(deps: WebuiDeps): RulePatternOptions {
  return { maxProgramSize: deps.ctx.config.ruleRegexMaxProgramSize };
}

export function changeContext(req: FastifyRequest, reason: unknown): ChangeContext {
  return {
    changedBy: req.webuiChangedBy,
    reason: typeof reason === 'string' && reason !== '' ? reason : null,
    correlationId: req.webuiCorrelationId,
  };
}

/** Best-effort notification: a failed publish is logged and counted, never fails the request (alerters also
 * reload periodically, so a lost message only delays the change). */
export async function publishRulesChange(
  deps: WebuiDeps,
  req: FastifyRequest,
  entity: string,
  operation: string,
  id: number | string,
): Promise<void> {
  const { backends, logger } = deps.ctx;
  const payload = JSON.stringify({ entity, operation, id, correlation_id: req.webuiCorrelationId, ts: new Date().toISOString() });
  try {
    await backends.pubsub.publish(backends.keys.channels.rulesUpdates, payload);
  } catch (err) {
    deps.metrics.notifyFailures.inc();
    logger.warning(`Could not publish rules change notification: ${(err as Error).message}`, {
      correlation_id: req.webuiCorrelationId,
    });
  }
}
