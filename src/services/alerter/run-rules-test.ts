// `mutt rules test`: explain one event against the rules, dev hosts and teams currently in the Store.
import { MuttError } from '../../core/errors.js';
import { explainEvent, type ExplainResult } from '../../core/rules/explain.js';
import type { Store } from '../../ports/store.js';

export async function runRulesTest(
  store: Pick<Store, 'loadEnabledRules' | 'loadDevHosts' | 'loadDeviceTeams'>,
  eventJson: string,
  opts: { readonly defaultTeam?: string; readonly maxProgramSize?: number } = {},
): Promise<ExplainResult> {
  const text = eventJson.charCodeAt(0) === 0xfeff ? eventJson.slice(1) : eventJson;
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MuttError('MUTT_USAGE', 'The event must be one JSON object');
  const [rules, hosts, teams] = await Promise.all([store.loadEnabledRules(), store.loadDevHosts(), store.loadDeviceTeams()]);
  return explainEvent(value as Record<string, unknown>, rules, hosts, teams, {
    defaultTeam: opts.defaultTeam ?? 'NETO',
    ...(opts.maxProgramSize === undefined ? {} : { maxProgramSize: opts.maxProgramSize }),
  });
}
