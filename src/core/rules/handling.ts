// Prod vs dev, the handling value and whether it forwards. Hostnames compare lower-cased (docs/decisions.md D21).
import type { AlertRule, DeviceTeam } from '../domain/alert-rule.js';

export type Environment = 'prod' | 'dev';

const FORWARDING = new Set(['page_and_ticket', 'page_only', 'ticket_only']);

export function hostKey(hostname: string): string {
  return hostname.toLowerCase();
}

export function devHostSet(hosts: readonly string[]): ReadonlySet<string> {
  return new Set(hosts.map(hostKey));
}

export function teamMap(teams: readonly DeviceTeam[]): ReadonlyMap<string, string> {
  return new Map(teams.map((t) => [hostKey(t.hostname), t.team_assignment]));
}

export function environmentOf(hostname: string, devHosts: ReadonlySet<string>): Environment {
  return devHosts.has(hostKey(hostname)) ? 'dev' : 'prod';
}

export function handlingFor(rule: Pick<AlertRule, 'prod_handling' | 'dev_handling'>, env: Environment): string {
  return env === 'dev' ? rule.dev_handling : rule.prod_handling;
}

/** Only these three (case-insensitive) reach Moog; every other value is audit-only. */
export function forwardsToMoog(handling: string): boolean {
  return FORWARDING.has(handling.trim().toLowerCase());
}

/** Team for meta-alerts: device_teams, else the default (handled alerts use the rule's team). */
export function deviceTeamFor(hostname: string, teams: ReadonlyMap<string, string>, defaultTeam: string): string {
  return teams.get(hostKey(hostname)) ?? defaultTeam;
}

export interface HandlingDecision {
  readonly environment: Environment;
  readonly handling: string;
  readonly forward: boolean;
}

export function decideHandling(rule: AlertRule, hostname: string, devHosts: ReadonlySet<string>): HandlingDecision {
  const environment = environmentOf(hostname, devHosts);
  const handling = handlingFor(rule, environment);
  return { environment, handling, forward: forwardsToMoog(handling) };
}
