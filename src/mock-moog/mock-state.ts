// Mock Moogsoft state and behaviour: what it records and how it answers. Pure, no I/O.

export interface MatchRule {
  /** Substring of the event's description / message / external_id. */
  match: string;
  status: number;
  retryAfter?: string;
  /** How many more matching requests get this answer; absent = always. */
  times?: number;
  /** Answer matching requests this much later (overrides the global latencyMs): one slow alert among fast ones. */
  latencyMs?: number;
}

export interface MockBehaviour {
  status: number;
  latencyMs: number;
  failRate: number;
  failStatus: number;
  /** Fail every request with failStatus until this epoch ms. Set through `failForSeconds`. */
  failUntilMs: number;
  /** Fail the next N requests with failStatus. */
  failNext: number;
  retryAfter?: string;
  requireAuth?: string;
  mode: 'normal' | 'hang' | 'reset';
  rules: MatchRule[];
}

export interface RecordedEvent {
  readonly externalId: string;
  readonly receivedAtMs: number;
  /** When the request's headers were parsed (the moment a rate limit on arrival counts it). */
  readonly arrivedAtMs: number;
  readonly event: Record<string, unknown>;
  readonly authorization: string | null;
}

export const EVENT_CAP = 200_000;

export function defaultBehaviour(): MockBehaviour {
  return { status: 200, latencyMs: 0, failRate: 0, failStatus: 503, failUntilMs: 0, failNext: 0, mode: 'normal', rules: [] };
}

export class MockMoogState {
  behaviour: MockBehaviour;
  events: RecordedEvent[] = [];
  requests = 0;
  byStatus: Record<string, number> = {};
  seen = new Map<string, number>();
  /** Every POSTed event's external_id, whatever the answer: lets tests prove a rejected alert was sent once. */
  attempts = new Map<string, number>();
  duplicates = 0;
  maxPerSecond = 0;
  private window: number[] = [];
  private windowStart = 0;

  constructor(
    private readonly initial: MockBehaviour,
    private readonly random: () => number = Math.random,
  ) {
    this.behaviour = structuredClone(initial);
  }

  /** Counts a request into the sliding 1 s window and tracks the highest count seen. */
  noteRequest(nowMs: number): void {
    this.requests += 1;
    this.window.push(nowMs);
    while (this.windowStart < this.window.length && (this.window[this.windowStart] as number) <= nowMs - 1000)
      this.windowStart += 1;
    if (this.windowStart > 4096) {
      this.window = this.window.slice(this.windowStart);
      this.windowStart = 0;
    }
    this.maxPerSecond = Math.max(this.maxPerSecond, this.window.length - this.windowStart);
  }

  /** Decides the answer for one request: status and optional Retry-After. */
  decide(
    events: readonly Record<string, unknown>[],
    authorization: string | null,
    nowMs: number,
  ): { status: number; retryAfter?: string; latencyMs?: number } {
    const b = this.behaviour;
    if (b.requireAuth !== undefined && authorization !== b.requireAuth) return { status: 401 };
    for (const rule of b.rules) {
      if (rule.times !== undefined && rule.times <= 0) continue;
      const hit = events.some((e) =>
        [e.description, e.message, e.external_id].some((v) => typeof v === 'string' && v.includes(rule.match)),
      );
      if (!hit) continue;
      if (rule.times !== undefined) rule.times -= 1;
      return {
        status: rule.status,
        ...(rule.retryAfter === undefined ? {} : { retryAfter: rule.retryAfter }),
        ...(rule.latencyMs === undefined ? {} : { latencyMs: rule.latencyMs }),
      };
    }
    const failing = nowMs < b.failUntilMs || b.failNext > 0 || (b.failRate > 0 && this.random() < b.failRate);
    if (b.failNext > 0) b.failNext -= 1;
    const status = failing ? b.failStatus : b.status;
    const withRetry = (status === 429 || status === 503) && b.retryAfter !== undefined;
    return withRetry ? { status, retryAfter: b.retryAfter as string } : { status };
  }

  /** Status a HEAD probe sees: the outage status while failing, else 200. */
  headStatus(nowMs: number): number {
    const b = this.behaviour;
    if (nowMs < b.failUntilMs) return b.failStatus;
    if (b.status >= 500 || b.status === 429) return b.status;
    return 200;
  }

  recordAccepted(
    events: readonly Record<string, unknown>[],
    authorization: string | null,
    nowMs: number,
    arrivedAtMs = nowMs,
  ): void {
    for (const event of events) {
      const externalId = typeof event.external_id === 'string' ? event.external_id : '';
      const n = (this.seen.get(externalId) ?? 0) + 1;
      this.seen.set(externalId, n);
      if (n > 1) this.duplicates += 1;
      if (this.events.length < EVENT_CAP)
        this.events.push({ externalId, receivedAtMs: nowMs, arrivedAtMs, event, authorization: redact(authorization) });
    }
  }

  noteAttempts(events: readonly Record<string, unknown>[]): void {
    for (const event of events) {
      const externalId = typeof event.external_id === 'string' ? event.external_id : '';
      this.attempts.set(externalId, (this.attempts.get(externalId) ?? 0) + 1);
    }
  }

  noteStatus(status: number): void {
    this.byStatus[String(status)] = (this.byStatus[String(status)] ?? 0) + 1;
  }

  control(patch: Partial<MockBehaviour> & { failForSeconds?: number }, nowMs: number): void {
    const { failForSeconds, ...rest } = patch;
    Object.assign(this.behaviour, rest);
    if (failForSeconds !== undefined) this.behaviour.failUntilMs = nowMs + failForSeconds * 1000;
  }

  reset(): void {
    this.behaviour = structuredClone(this.initial);
    this.events = [];
    this.requests = 0;
    this.byStatus = {};
    this.seen.clear();
    this.attempts.clear();
    this.duplicates = 0;
    this.maxPerSecond = 0;
    this.window = [];
    this.windowStart = 0;
  }

  stats(): Record<string, unknown> {
    return {
      count: this.events.length,
      unique: this.seen.size,
      duplicates: this.duplicates,
      requests: this.requests,
      by_status: this.byStatus,
      max_per_second: this.maxPerSecond,
      last: this.events.at(-1)?.event ?? null,
      behaviour: { ...this.behaviour, requireAuth: this.behaviour.requireAuth === undefined ? undefined : '(set)' },
    };
  }
}

/** Keeps only the scheme and the last 4 characters of a credential. */
function redact(auth: string | null): string | null {
  if (auth === null) return null;
  const [scheme, ...rest] = auth.split(' ');
  const secret = rest.join(' ');
  return secret === '' ? `…${auth.slice(-4)}` : `${scheme} …${secret.slice(-4)}`;
}
