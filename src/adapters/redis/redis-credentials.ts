// The Redis passwords one back end's connections share. ioredis reads `options.password` on every (re)connect,
// so a rotation only has to update it on each live client: sessions already authenticated stay as they are,
// and the next reconnect (Redis restart, CLIENT KILL, failover) authenticates with the new secret.
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';

export type RedisPasswordLabel = 'REDIS_PASS_CURRENT' | 'REDIS_PASS_NEXT';

export class RedisCredentials {
  private currentPass: string | undefined;
  private nextPass: string | undefined;
  /** Every password ever configured in this process, so error texts can blank them out after a rotation too. */
  private readonly known = new Set<string>();
  private readonly clients = new Set<Redis>();
  /** Password of the last successful AUTH; connections opened later start with it. */
  active: string | undefined;

  constructor(current: string | undefined, next: string | undefined) {
    this.currentPass = current;
    this.nextPass = next;
    this.remember();
    this.active = current ?? next;
  }

  get current(): string | undefined {
    return this.currentPass;
  }
  get next(): string | undefined {
    return this.nextPass;
  }

  /** CURRENT first, then NEXT (rotation order); `[undefined]` means "connect without AUTH". */
  candidates(): (string | undefined)[] {
    const list = [this.currentPass, this.nextPass].filter((p): p is string => p !== undefined);
    return list.length === 0 ? [undefined] : [...new Set(list)];
  }

  /** The configured password other than `password`, for a swap after the server refused it. */
  other(password: string | undefined): string | undefined {
    const other = password === this.currentPass ? this.nextPass : this.currentPass;
    return other !== password ? other : undefined;
  }

  secrets(): string[] {
    return [...this.known];
  }

  label(password: string | undefined): RedisPasswordLabel {
    return password !== undefined && password === this.nextPass && password !== this.currentPass
      ? 'REDIS_PASS_NEXT'
      : 'REDIS_PASS_CURRENT';
  }

  /** Follows `client` until it ends, so rotations reach its reconnects. */
  track(client: Redis): void {
    this.clients.add(client);
    client.once('end', () => this.clients.delete(client));
  }

  /**
   * Takes new passwords and checks them with AUTH on `probe` (CURRENT, then NEXT): every tracked connection then
   * reconnects with the first one Redis accepted. A failed AUTH leaves the probe's own session authenticated.
   */
  async rotate(current: string | undefined, next: string | undefined, probe: Redis, logger: Logger): Promise<void> {
    this.currentPass = current;
    this.nextPass = next;
    this.remember();
    const candidates = this.candidates().filter((p): p is string => p !== undefined);
    if (candidates.length === 0) {
      this.use(undefined);
      logger.warning('Redis password removed; reconnects will not send AUTH');
      return;
    }
    if (probe.status !== 'ready') {
      this.use(candidates[0]);
      logger.warning(`Redis password rotated while Redis is unreachable; reconnects will use ${this.label(candidates[0])}`);
      return;
    }
    const refused: string[] = [];
    for (const password of candidates) {
      try {
        await probe.auth(password);
        this.use(password);
        logger.info(`Redis password rotated; Redis accepted ${this.label(password)}, reconnects use it`);
        return;
      } catch (err) {
        refused.push(`${this.label(password)}: ${this.blank((err as Error).message)}`);
      }
    }
    this.use(candidates[0]);
    logger.error(
      `Redis refused every rotated password (${refused.join('; ')}); live connections keep their session, reconnects will fail until Redis accepts ${this.label(candidates[0])}`,
    );
  }

  /** `text` with every known password replaced by `***`. */
  blank(text: string): string {
    let out = text;
    for (const secret of this.known) out = out.split(secret).join('***');
    return out;
  }

  private use(password: string | undefined): void {
    this.active = password;
    for (const c of this.clients) c.options.password = password;
  }

  private remember(): void {
    for (const p of [this.currentPass, this.nextPass]) if (p !== undefined && p.length > 0) this.known.add(p);
  }
}
