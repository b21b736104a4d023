// One POST /rules/test dry-run as plain data, and the pure function that runs it. The web UI hands the job to a
// worker thread (rule-dry-run-worker.ts), so rule compilation and matching never run on its event loop.
import type { RulePatternOptions } from '../../core/rules/compile-rule-pattern.js';
import { compileRulePlan } from '../../core/rules/rule-plan.js';
import type { AlertRule } from '../../ports/store.js';
import { decide, devHostSet, sameDecision, traceEvent, type DryRunSummary, type SampleEvent } from './rule-dry-run.js';
import { ruleProblem, type RuleProblemCode } from './rule-mapping.js';

/** An audit row as the route read it; parsed in the worker because JSON.parse of 64 KiB rows is real CPU. */
export interface AuditSampleRow {
  readonly id: number;
  readonly hostname: string;
  readonly raw_message: string | null;
  readonly matched_rule_id: number;
  readonly handling_decision: string;
}

export interface DryRunJob {
  readonly current: readonly AlertRule[];
  readonly candidate: readonly AlertRule[];
  /** Per candidate rule: the label of a 400 (`rules[3]`, '' for the single-rule form), or null to not validate it
   * (stored rules keep the alerter's treatment: an invalid one is skipped, not a 400). */
  readonly candidateLabels: readonly (string | null)[];
  readonly devHosts: readonly string[];
  readonly patternOptions: RulePatternOptions;
  readonly event?: Record<string, unknown>;
  readonly rows?: readonly AuditSampleRow[];
  readonly examples: number;
}

export type DryRunOutcome =
  | { readonly kind: 'invalid'; readonly code: RuleProblemCode; readonly message: string }
  | {
      readonly kind: 'event';
      readonly changed: boolean;
      readonly before: unknown;
      readonly after: unknown;
      readonly trace: Record<string, unknown>[];
    }
  | { readonly kind: 'audit'; readonly summary: DryRunSummary };

export function parseAuditEvent(raw: string | null, hostname: string): Record<string, unknown> | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const ev = v as Record<string, unknown>;
    return ev.hostname === undefined ? { ...ev, hostname } : ev;
  } catch {
    return null;
  }
}

function firstProblem(job: DryRunJob): DryRunOutcome | null {
  for (const [i, rule] of job.candidate.entries()) {
    const label = job.candidateLabels[i] ?? null;
    if (label === null) continue;
    const p = ruleProblem(rule, job.patternOptions);
    if (p) return { kind: 'invalid', code: p.code, message: label === '' ? p.message : `${label}: ${p.message}` };
  }
  return null;
}

/** Runs the job. After each audit row `onProgress` may take the summary so far (the worker posts it every few
 * ms, so a timed-out run still answers with what it evaluated). */
export function runDryRunJob(
  job: DryRunJob,
  onProgress: (partial: () => DryRunSummary) => void = () => undefined,
): DryRunOutcome {
  const problem = firstProblem(job);
  if (problem) return problem;
  const dc = { devHosts: devHostSet(job.devHosts) };
  const before = compileRulePlan(job.current, job.patternOptions);
  const after = compileRulePlan(job.candidate, job.patternOptions);
  if (job.event) {
    const a = decide(before, job.event, dc);
    const b = decide(after, job.event, dc);
    return {
      kind: 'event',
      changed: JSON.stringify(a) !== JSON.stringify(b),
      before: a,
      after: b,
      trace: traceEvent(after, job.event),
    };
  }
  let evaluated = 0;
  let changed = 0;
  let unparsable = 0;
  const examples: Record<string, unknown>[] = [];
  const snapshot = (): DryRunSummary => ({ evaluated, changed, unparsable, examples: [...examples] });
  for (const row of job.rows ?? []) {
    const ev = parseAuditEvent(row.raw_message, row.hostname);
    if (ev === null) {
      unparsable++;
      continue;
    }
    const s: SampleEvent = {
      event: ev,
      audit_id: row.id,
      recorded_rule_id: row.matched_rule_id,
      recorded_decision: row.handling_decision,
    };
    const a = decide(before, s.event, dc);
    const b = decide(after, s.event, dc);
    evaluated++;
    if (!sameDecision(a, b)) {
      changed++;
      if (examples.length < job.examples) {
        examples.push({
          audit_id: s.audit_id ?? null,
          hostname: s.event.hostname ?? null,
          message: String(s.event.message ?? '').slice(0, 300),
          before: a,
          after: b,
        });
      }
    }
    onProgress(snapshot);
  }
  return { kind: 'audit', summary: snapshot() };
}
