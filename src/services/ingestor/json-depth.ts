// Pure: the deepest [ / { nesting of a JSON text, scanned before JSON.parse so a 10 KB body of 5,000 nested
// arrays is refused as 400 instead of overflowing the stack later (JSON.stringify is recursive).

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_ARRAY = 91; // [
const OPEN_OBJECT = 123; // {
const CLOSE_ARRAY = 93;
const CLOSE_OBJECT = 125;

/**
 * True when text[start, end) nests more than `limit` levels of arrays/objects outside strings. Stops at the first
 * level past the limit; unbalanced closers never make the depth negative (the parse reports those).
 */
export function exceedsJsonDepth(text: string, limit: number, start = 0, end = text.length): boolean {
  // Deeper than `limit` needs at least limit + 1 characters.
  if (end - start <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && depth > 0) depth--;
  }
  return false;
}
