// Sliding-window log in one Lua script on the server's clock (docs/decisions.md D16): shared by every ingestor
// (mutt:rate_limit:ingestor) and forwarder (mutt:rate_limit:moog). Errors propagate; callers decide to fail open.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateDecision, RateGrant, RateLimiter, RateReservation } from '../../ports/rate-limiter.js';
import type { ScriptRunner } from './script-loader.js';

function toInt(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`unexpected Redis reply from the rate limiter: ${String(value)}`);
  return Math.trunc(n);
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
  ) {}

  async acquire(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const reply = await this.scripts.run(
      'rateLimit',
      [key],
      [Math.max(1, Math.floor(max)), Math.max(1, Math.floor(windowMs)), randomBytes(6).toString('hex')],
    );
    const [allowed, wait] = Array.isArray(reply) ? reply : [];
    const ok = toInt(allowed) === 1;
    return { allowed: ok, waitMs: ok ? 0 : toInt(wait) };
  }

  async acquireMany(key: string, wanted: number, max: number, windowMs: number): Promise<RateGrant> {
    const n = Math.floor(wanted);
    if (n < 1) return { granted: 0, waitMs: 0 };
    const reply = await this.scripts.run(
      'rateLimitMany',
      [key],
      [Math.max(1, Math.floor(max)), Math.max(1, Math.floor(windowMs)), n, randomBytes(6).toString('hex')],
    );
    const [granted, wait] = Array.isArray(reply) ? reply : [];
    return { granted: toInt(granted), waitMs: toInt(wait) };
  }

  async reserveSlots(key: string, wanted: number, max: number, windowMs: number, horizonMs: number): Promise<RateReservation> {
    const n = Math.floor(wanted);
    if (n < 1) return { slotsInMs: [], waitMs: 0 };
    const reply = await this.scripts.run(
      'rateReserve',
      [key],
      [
        Math.max(1, Math.floor(max)),
        Math.max(1, Math.floor(windowMs)),
        n,
        randomBytes(6).toString('hex'),
        Math.max(0, Math.floor(horizonMs)),
      ],
    );
    const [granted, wait, ...offsetsUs] = Array.isArray(reply) ? (reply as unknown[]) : [];
    const slotsInMs = offsetsUs.slice(0, toInt(granted)).map((us) => toInt(us) / 1000);
    return { slotsInMs, waitMs: slotsInMs.length > 0 ? 0 : toInt(wait) };
  }

  async count(key: string, windowMs: number): Promise<number> {
    return toInt(await this.scripts.run('rateCount', [key], [Math.max(1, Math.floor(windowMs))]));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(key);
  }
}
