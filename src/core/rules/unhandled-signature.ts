// Unhandled-event signature: the first 16 hex characters of SHA-1 over the UTF-8 message (alerter.md §8.1).
import { createHash } from 'node:crypto';

export function unhandledSignature(message: string): string {
  return createHash('sha1').update(message, 'utf8').digest('hex').slice(0, 16);
}
