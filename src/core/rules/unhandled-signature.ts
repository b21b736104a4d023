// Unhandled-event signature: the first 16 hex characters of SHA-1 over the *normalised* message, so "same message,
// new counter" is one signature and a device that stamps counters or times into its text cannot mint a key per
// event (docs/hardening.md). v2.5 hashed the raw text; words-only messages keep their v2.5 signature.
import { createHash } from 'node:crypto';

/** Only this many leading characters take part in the signature: normalising is linear, but a 1 MiB event is not a pattern. */
export const SIGNATURE_INPUT_LIMIT = 4096;

// Characters that make a neighbour part of the same token. The placeholders' own characters (#, <, >) count, so a
// second pass sees the same boundaries as the first: that is what keeps the normaliser idempotent.
const W = '0-9A-Za-z_#<>';
const HEX = '0-9A-Fa-f';
const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const MONTH = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const WEEKDAY = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';

// Every pattern is anchored by a one-character look-behind and uses bounded repetition, so each runs in linear time.
const ISO_TIMESTAMP = new RegExp(
  String.raw`(?<![${W}])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?(?![${W}])`,
  'gi',
);
const SYSLOG_TIMESTAMP = new RegExp(
  String.raw`(?<![${W}])(?:(?:${WEEKDAY})\s+)?(?:${MONTH})\s+\d{1,2}(?:\s+\d{4})?\s+\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?![${W}])`,
  'gi',
);
const UUID = new RegExp(String.raw`(?<![${W}])[${HEX}]{8}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{4}-[${HEX}]{12}(?![${W}])`, 'g');
const IPV6_CANDIDATE = new RegExp(
  String.raw`(?<![${W}:.])(?:[${HEX}]{0,4}:){2,8}(?:${IPV4}|[${HEX}]{0,4})(?![${W}:]|\.[${W}])`,
  'g',
);
const MAC = new RegExp(
  String.raw`(?<![${W}])(?:[${HEX}]{2}([:-])(?:[${HEX}]{2}\1){4}[${HEX}]{2}|[${HEX}]{4}\.[${HEX}]{4}\.[${HEX}]{4})(?![${W}])`,
  'g',
);
const IPV4_ADDRESS = new RegExp(String.raw`(?<![${W}.])${IPV4}(?![${W}]|\.[${W}])`, 'g');
const HEX_PREFIXED = new RegExp(String.raw`(?<![${W}])0[xX][${HEX}]+(?![${W}])`, 'g');
// A token of hex characters with at least one digit is a number or an id ("1a2b3c", "42"); "bad", "face" stay words.
const HEX_TOKEN = new RegExp(String.raw`(?<![${W}])(?=[${HEX}]*\d)[${HEX}]+(?![${W}])`, 'g');
const DIGITS = /\d+/g;
const NUMBER_CHAIN = /#(?:[.,:]#)+/g;

/** An IPv6 address has `::` or all eight groups (six before an IPv4 tail), and a hex digit (a lone `::` is punctuation). */
function ipv6(candidate: string): string {
  const colons = candidate.split(':').length - 1;
  const shaped = candidate.includes('::') ? !candidate.includes(':::') : colons === (candidate.includes('.') ? 6 : 7);
  return shaped && /[0-9A-Fa-f]/.test(candidate) ? '<ip>' : candidate;
}

/**
 * Collapses what varies between occurrences of one message: timestamps (`<ts>`), IP addresses (`<ip>`), MAC
 * addresses, UUIDs and 0x ids (`<hex>`), and numbers and hex tokens (`#`). Words and punctuation stay; runs of
 * whitespace become one space. Pure and idempotent.
 */
export function normalizeUnhandledMessage(message: string): string {
  return message
    .replace(/\s+/g, ' ')
    .trim()
    .replace(ISO_TIMESTAMP, '<ts>')
    .replace(SYSLOG_TIMESTAMP, '<ts>')
    .replace(UUID, '<hex>')
    .replace(IPV6_CANDIDATE, ipv6)
    .replace(MAC, '<hex>')
    .replace(IPV4_ADDRESS, '<ip>')
    .replace(HEX_PREFIXED, '<hex>')
    .replace(HEX_TOKEN, '#')
    .replace(DIGITS, '#')
    .replace(NUMBER_CHAIN, '#');
}

export function unhandledSignature(message: string): string {
  const normalised = normalizeUnhandledMessage(message.slice(0, SIGNATURE_INPUT_LIMIT));
  return createHash('sha1').update(normalised, 'utf8').digest('hex').slice(0, 16);
}
