// The one rule-regex compiler (DECISIONS A16): RE2 only (re2js, linear time), always case-insensitive,
// Python `(?P<name>…)` kept (RE2 supports it). Used by the alerter, the rules API and dry-run alike.
import { RE2JS } from 're2js';

/** Regexes never see more than this many characters of a message, so a huge event cannot stall the loop. */
export const MAX_REGEX_INPUT = 64 * 1024;

export type RulePatternResult =
  | { readonly ok: true; readonly source: string; readonly regex: RE2JS }
  | { readonly ok: false; readonly source: string; readonly error: string };

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

/** Compiles a rule pattern; never throws. `error` is a short human reason for a 400 or an ERROR log. */
export function compileRulePattern(pattern: string): RulePatternResult {
  const source = normalizeRulePattern(pattern);
  try {
    return { ok: true, source, regex: RE2JS.compile(source, RE2JS.CASE_INSENSITIVE) };
  } catch (err) {
    return { ok: false, source, error: err instanceof Error ? err.message : String(err) };
  }
}
