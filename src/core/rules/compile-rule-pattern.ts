// The one rule-regex compiler (docs/decisions.md D9): RE2 only (re2js, linear time), always case-insensitive,
// Python `(?P<name>…)` kept (RE2 supports it). Used by the alerter, the rules API and dry-run alike.
import { RE2JS } from 're2js';

/** Regexes never see more than this many characters of a message, so a huge event cannot stall the loop. */
export const MAX_REGEX_INPUT = 64 * 1024;

/** Default of RULE_REGEX_MAX_PROGRAM_SIZE. A regex's worst case costs about 50-200 ns per compiled instruction
 * per message character in re2js (when its DFA gives up), so this bounds every rule's cost per event. Seed and
 * realistic rules compile to 10-120 instructions; `(?:\w{1000}){28}`-style patterns compile to ~28,000. */
export const DEFAULT_RULE_REGEX_MAX_PROGRAM_SIZE = 300;

export interface RulePatternOptions {
  /** Largest accepted RE2 program (instructions); larger patterns fail with `tooCostly`. */
  readonly maxProgramSize?: number;
}

export type RulePatternResult =
  | { readonly ok: true; readonly source: string; readonly regex: RE2JS; readonly programSize: number }
  | { readonly ok: false; readonly source: string; readonly error: string; readonly tooCostly: boolean };

/** Rewrites the Python-isms RE2 lacks: a leading `(?i)` is redundant, `\Z` is RE2's `\z`. */
export function normalizeRulePattern(pattern: string): string {
  let p = pattern.startsWith('(?i)') ? pattern.slice(4) : pattern;
  if (!p.includes('\\Z')) return p;
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    if (ch === '\\' && i + 1 < p.length) {
      const next = p[i + 1] as string;
      out += next === 'Z' ? '\\z' : ch + next;
      i++;
    } else {
      out += ch;
    }
  }
  p = out;
  return p;
}

/** Compiles a rule pattern; never throws. `error` is a short human reason for a 400 or an ERROR log; an
 * over-budget pattern names the budget so the operator knows which setting refused it. */
export function compileRulePattern(pattern: string, opts: RulePatternOptions = {}): RulePatternResult {
  const source = normalizeRulePattern(pattern);
  const budget = opts.maxProgramSize ?? DEFAULT_RULE_REGEX_MAX_PROGRAM_SIZE;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    return { ok: false, source, error: err instanceof Error ? err.message : String(err), tooCostly: false };
  }
  const programSize = regex.programSize();
  if (programSize > budget) {
    const error =
      `regex compiles to ${programSize} RE2 instructions, over the budget RULE_REGEX_MAX_PROGRAM_SIZE=${budget}` +
      ' (large counted repetitions such as x{1000} cost one instruction per repeat; prefer + or *)';
    return { ok: false, source, error, tooCostly: true };
  }
  return { ok: true, source, regex, programSize };
}
