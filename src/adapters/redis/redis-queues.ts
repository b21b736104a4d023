// Queues on Redis lists, v2.5 layout: producers LPUSH at the head, consumers move the oldest from the tail
// into their processing list; a claimed message's receipt is its body (ack = LREM processing 1 body).
import type { Redis } from 'ioredis';
import type { BoundedPushResult, ClaimedMessage, QueueOutput, Queues } from '../../ports/queues.js';
import type { BlockingPool } from './blocking-pool.js';
import type { ScriptRunner } from './script-loader.js';

function asInt(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(n)) throw new Error(`unexpected Redis reply for ${what}: ${String(value)}`);
  return n;
}

function asStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`unexpected Redis reply for ${what}`);
  }
  return value;
}

function claimed(bodies: readonly string[]): ClaimedMessage[] {
  return bodies.map((body) => ({ body, receipt: body }));
}

/** SCAN MATCH treats these as glob syntax; a prefix must match literally. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Throws the first error of a MULTI/EXEC reply (ioredis reports them per command). */
function checkExec(result: [Error | null, unknown][] | null, what: string): [Error | null, unknown][] {
  if (result === null) throw new Error(`${what}: transaction aborted`);
  for (const [err] of result) if (err) throw err;
  return result;
}

export class RedisQueues implements Queues {
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
    private readonly blocking: BlockingPool,
  ) {}

  async push(queue: string, messages: readonly string[]): Promise<void> {
    if (messages.length === 0) return;
    await this.redis.lpush(queue, ...messages);
  }

  async pushBounded(queue: string, messages: readonly string[], cap: number): Promise<BoundedPushResult> {
    const reply = await this.scripts.run('pushBounded', [queue], [cap, ...messages]);
    const [accepted, depth] = Array.isArray(reply) ? reply : [];
    return { accepted: asInt(accepted, 'pushBounded') === 1, depth: asInt(depth, 'pushBounded') };
  }

  async claim(queue: string, processing: string, max: number, waitMs: number): Promise<ClaimedMessage[]> {
    if (max < 1) return [];
    const first = await this.claimBatch(queue, processing, max);
    // Below 1 ms BLMOVE could round its timeout to 0, which means "block forever".
    if (first.length > 0 || waitMs < 1) return claimed(first);
    // Nothing queued: block on a dedicated connection so the shared command connection stays free.
    const body = await this.blocking.blmove(queue, processing, Math.ceil(waitMs));
    if (body === null) return [];
    const rest = max > 1 ? await this.claimBatch(queue, processing, max - 1) : [];
    return claimed([body, ...rest]);
  }

  private async claimBatch(queue: string, processing: string, max: number): Promise<string[]> {
    return asStrings(await this.scripts.run('claimBatch', [queue, processing], [max]), 'claimBatch');
  }

  async settle(processing: string, done: readonly ClaimedMessage[], outputs: readonly QueueOutput[]): Promise<void> {
    const used = outputs.filter((o) => o.messages.length > 0);
    if (done.length === 0 && used.length === 0) return;
    if (used.length > 3) return this.settleMulti(processing, done, used);
    const keys = [processing, processing, processing, processing];
    const counts = [0, 0, 0];
    const args: string[] = [];
    for (const m of done) args.push(m.receipt);
    used.forEach((o, i) => {
      keys[i + 1] = o.queue;
      counts[i] = o.messages.length;
      for (const msg of o.messages) args.push(msg);
    });
    await this.scripts.run('settle', keys, [done.length, ...counts, ...args]);
  }

  /** More than three distinct outputs (no caller today): one MULTI of LREMs and LPUSHes. */
  private async settleMulti(processing: string, done: readonly ClaimedMessage[], outputs: readonly QueueOutput[]): Promise<void> {
    const tx = this.redis.multi();
    for (const m of done) tx.lrem(processing, -1, m.receipt);
    for (const out of outputs) tx.lpush(out.queue, ...out.messages);
    checkExec(await tx.exec(), 'settle');
  }

  async release(processing: string, claimedMessages: readonly ClaimedMessage[], queue: string): Promise<void> {
    if (claimedMessages.length === 0) return;
    await this.scripts.run(
      'release',
      [processing, queue],
      claimedMessages.map((m) => m.receipt),
    );
  }

  async recover(processing: string, queue: string): Promise<number> {
    return asInt(await this.scripts.run('recover', [processing, queue], []), 'recover');
  }

  depth(queue: string): Promise<number> {
    return this.redis.llen(queue);
  }

  range(queue: string, start: number, stop: number): Promise<string[]> {
    return this.redis.lrange(queue, start, stop);
  }

  async move(from: string, body: string, to: string, replacement: string): Promise<boolean> {
    return asInt(await this.scripts.run('move', [from, to], [body, replacement]), 'move') === 1;
  }

  async remove(queue: string, body: string): Promise<boolean> {
    return (await this.redis.lrem(queue, 1, body)) > 0;
  }

  async purge(queue: string): Promise<number> {
    const result = checkExec(await this.redis.multi().llen(queue).del(queue).exec(), 'purge');
    return asInt(result[0]?.[1], 'purge');
  }

  async listQueues(prefix: string): Promise<string[]> {
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', 1000, 'TYPE', 'list');
      for (const k of keys) found.add(k);
      cursor = next;
    } while (cursor !== '0');
    return [...found].sort();
  }
}
