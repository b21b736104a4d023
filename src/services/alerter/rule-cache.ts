// Rules, dev hosts and teams loaded from the Store and compiled once per load. A reload builds a new snapshot and
// swaps it in one step; a failed reload keeps the last good one. Concurrent triggers coalesce into one re-run.
import type { RulePatternOptions } from '../../core/rules/compile-rule-pattern.js';
import { devHostSet, teamMap } from '../../core/rules/handling.js';
import { compileRulePlan } from '../../core/rules/rule-plan.js';
import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../ports/store.js';
import type { AlerterMetrics } from './alerter-metrics.js';
import type { RuleSnapshot } from './prepare-batch.js';

export class RuleCache {
  private snap: RuleSnapshot | null = null;
  private running: Promise<boolean> | null = null;
  private again = false;

  constructor(
    private readonly store: Pick<Store, 'loadEnabledRules' | 'loadDevHosts' | 'loadDeviceTeams'>,
    private readonly metrics: AlerterMetrics,
    private readonly logger: Logger,
    /** RULE_REGEX_MAX_PROGRAM_SIZE: an over-budget rule (e.g. inserted with SQL) is skipped with an ERROR. */
    private readonly patternOptions: RulePatternOptions = {},
  ) {}

  get snapshot(): RuleSnapshot | null {
    return this.snap;
  }

  /** Resolves true when the reload that covers this trigger succeeded. */
  reload(reason: string): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let ok = await this.loadOnce(reason);
      while (this.again) {
        this.again = false;
        ok = await this.loadOnce(`${reason} (coalesced)`);
      }
      return ok;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loadOnce(reason: string): Promise<boolean> {
    const t0 = performance.now();
    this.metrics.cacheReloads.inc();
    try {
      const [rules, hosts, teams] = await Promise.all([
        this.store.loadEnabledRules(),
        this.store.loadDevHosts(),
        this.store.loadDeviceTeams(),
      ]);
      const plan = compileRulePlan(rules, this.patternOptions);
      for (const bad of plan.invalid) this.logger.error(`Invalid regex for rule ${bad.rule.id}: ${bad.error}. Disabling rule.`);
      for (const d of plan.dead)
        this.logger.warning(
          `Rule ${d.rule.id} can never match (match_type ${d.rule.match_type} without ${d.rule.match_type === 'oid_prefix' ? 'trap_oid' : 'pattern'})`,
        );
      this.snap = { plan, devHosts: devHostSet(hosts), teams: teamMap(teams) };
      const secs = (performance.now() - t0) / 1000;
      this.metrics.cacheReloadLatency.observe(secs);
      this.metrics.cacheRules.set(plan.rules.length);
      this.metrics.cacheDevHosts.set(hosts.length);
      this.metrics.cacheTeams.set(teams.length);
      this.logger.info(
        `Cache reload complete in ${secs.toFixed(2)}s. Rules: ${plan.rules.length}, Dev Hosts: ${hosts.length}, Teams: ${teams.length}`,
        { reason },
      );
      return true;
    } catch (err) {
      this.metrics.cacheReloadFailures.inc();
      this.logger.error(`Cache reload failed, keeping the previous cache: ${(err as Error).message}`, { reason });
      return false;
    }
  }
}
