// A regex prefilter: the longest ASCII literal run the pattern MUST contain (top level only, no alternation),
// lower-cased. When it is absent from the lower-cased message the regex cannot match, so RE2 is not run.

const META = new Set(['.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '^', '$', '|']);
const MIN_GUARD = 3;

function isOptionalNext(src: string, i: number): boolean {
  const n = src[i];
  return n === '?' || n === '*' || (n === '{' && /^\{0[,}]/.test(src.slice(i)));
}

/** The longest guard literal, or null when no safe guard exists (then the regex is always tried). */
export function regexGuard(source: string): string | null {
  const all = regexGuards(source);
  return all.reduce<string | null>((a, b) => (a === null || b.length > a.length ? b : a), null);
}

/** Every mandatory literal run of at least 3 characters; all of them must occur for the regex to match. */
export function regexGuards(source: string): string[] {
  if (/^\(\?[a-zA-Z]*[sxmU]/.test(source)) return [];
  let depth = 0;
  let run = '';
  const runs: string[] = [];
  const end = (): void => {
    if (run.length >= MIN_GUARD && !runs.includes(run)) runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '\\') {
      const n = source[i + 1] ?? '';
      i++;
      if (depth === 0 && /^[^A-Za-z0-9]$/.test(n) && n.charCodeAt(0) < 128) {
        if (isOptionalNext(source, i + 1)) end();
        else run += n.toLowerCase();
      } else end();
      continue;
    }
    if (ch === '[') {
      // Skip a class (it may contain ']' first or escaped).
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      end();
      continue;
    }
    if (ch === '{') {
      const close = source.indexOf('}', i);
      if (close > i) i = close;
      end();
      continue;
    }
    if (ch === '(') {
      depth++;
      end();
      continue;
    }
    if (ch === ')') {
      depth = Math.max(0, depth - 1);
      end();
      continue;
    }
    if (ch === '|') {
      if (depth === 0) return [];
      continue;
    }
    if (depth > 0) continue;
    if (META.has(ch) || ch.charCodeAt(0) >= 128) {
      end();
      continue;
    }
    if (isOptionalNext(source, i + 1)) {
      end();
      continue;
    }
    run += ch.toLowerCase();
    if (source[i + 1] === '+') end();
  }
  end();
  return runs;
}
