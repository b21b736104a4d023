// Outbound Moogsoft HTTP over one undici keep-alive Pool, with a total deadline per request (MOOG_TIMEOUT).
// Delivery and the health probe share this client, so both honour MOOG_CA_CERT_PATH / MOOG_TLS_VERIFY and auth.
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import type { Config } from '../../config/load.js';
import { MuttError } from '../../core/errors.js';
import { classifyStatus, classifyTransportFailure, isProbeHealthy } from '../../core/moog/classify-response.js';
import type { Moog, MoogFactory, ProbeResult, SendResult } from '../../ports/moog.js';

export interface MoogClientOptions {
  url: string;
  timeoutMs: number;
  connections: number;
  authType: 'bearer' | 'basic' | 'header' | 'none';
  authHeader: string;
  apiKey: string | undefined;
  tlsVerify: boolean;
  caCertPath: string | undefined;
  userAgent: string;
}

/** Delivery and probe clients of every service are built from the same settings. */
export function moogClientOptions(
  c: Config,
  apiKey: string | undefined,
  connections: number,
  userAgent: string,
): MoogClientOptions {
  if (c.moogWebhookUrl === undefined) throw new MuttError('MUTT_CONFIG_INVALID', 'MOOG_WEBHOOK_URL is required');
  return {
    url: c.moogWebhookUrl,
    timeoutMs: c.moogTimeout * 1000,
    connections,
    authType: c.moogAuthType,
    authHeader: c.moogAuthHeader,
    apiKey,
    tlsVerify: c.moogTlsVerify,
    caCertPath: c.moogCaCertPath,
    userAgent,
  };
}

function authHeaders(o: MoogClientOptions): Record<string, string> {
  if (o.authType === 'none' || o.apiKey === undefined) return {};
  if (o.authType === 'bearer') return { authorization: `Bearer ${o.apiKey}` };
  if (o.authType === 'basic') return { authorization: `Basic ${Buffer.from(o.apiKey).toString('base64')}` };
  return { [o.authHeader.toLowerCase()]: o.apiKey };
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; code?: string };
  return e.name === 'TimeoutError' || e.name === 'AbortError' || (typeof e.code === 'string' && e.code.includes('TIMEOUT'));
}

export class MoogClient implements Moog {
  private readonly pool: Pool;
  private readonly path: string;
  private headers: Record<string, string>;

  constructor(private readonly o: MoogClientOptions) {
    const u = new URL(o.url);
    this.path = `${u.pathname}${u.search}`;
    const ca = o.caCertPath === undefined ? undefined : readFileSync(o.caCertPath, 'utf8');
    this.pool = new Pool(u.origin, {
      // One keep-alive connection per concurrent delivery, so the window never queues behind a busy socket.
      // No HTTP pipelining: these are non-idempotent POSTs, and a connection reset mid-pipeline would fail (and
      // re-send) every request queued behind the one that broke; Moogsoft's LAM is not documented to support it.
      connections: o.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      connect: { rejectUnauthorized: o.tlsVerify, ...(ca === undefined ? {} : { ca }), timeout: o.timeoutMs },
    });
    this.headers = { 'content-type': 'application/json', 'user-agent': o.userAgent, ...authHeaders(o) };
  }

  /** Secret rotation (SIGHUP / Vault renewal): later requests use the new key. */
  setApiKey(apiKey: string | undefined): void {
    this.headers = { 'content-type': 'application/json', 'user-agent': this.o.userAgent, ...authHeaders({ ...this.o, apiKey }) };
  }

  async send(body: string, correlationId: string): Promise<SendResult> {
    const started = performance.now();
    // A plain controller + timer cleared on completion: AbortSignal.timeout() costs noticeably more CPU per request
    // (weak-ref bookkeeping until GC) and this runs thousands of times a second. Same TimeoutError on expiry.
    const ctl = new AbortController();
    const timer = setTimeout(
      () => ctl.abort(new DOMException(`Timeout after ${this.o.timeoutMs / 1000}s`, 'TimeoutError')),
      this.o.timeoutMs,
    );
    try {
      const res = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: { ...this.headers, 'x-correlation-id': correlationId },
        body,
        signal: ctl.signal,
      });
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      const text = ok ? '' : (await res.body.text()).slice(0, 200);
      if (ok) await res.body.dump();
      const retryAfter = res.headers['retry-after'];
      const outcome = classifyStatus(res.statusCode, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
      return { outcome, latencyMs: performance.now() - started, error: ok ? null : `HTTP ${res.statusCode}: ${text}` };
    } catch (err) {
      const timeout = isTimeout(err);
      const text = timeout ? `Timeout after ${this.o.timeoutMs / 1000}s` : `Connection error: ${(err as Error).message}`;
      return {
        outcome: classifyTransportFailure(timeout ? 'timeout' : 'connection'),
        latencyMs: performance.now() - started,
        error: text,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The one Moog health probe: HEAD MOOG_WEBHOOK_URL, healthy when status < 500 and not 429. Never posts. */
  async probe(timeoutMs: number): Promise<ProbeResult> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new DOMException(`Timeout after ${timeoutMs / 1000}s`, 'TimeoutError')), timeoutMs);
    try {
      const res = await this.pool.request({ path: this.path, method: 'HEAD', headers: this.probeHeaders(), signal: ctl.signal });
      await res.body.dump();
      return { healthy: isProbeHealthy(res.statusCode), detail: `HTTP ${res.statusCode}` };
    } catch (err) {
      return { healthy: false, detail: isTimeout(err) ? `Timeout after ${timeoutMs / 1000}s` : (err as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private probeHeaders(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.headers).filter(([name]) => name !== 'content-type'));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The composition root hands this to services as `backends.moog`. */
export const createMoogClient: MoogFactory = (c, o) => new MoogClient(moogClientOptions(c, o.apiKey, o.connections, o.userAgent));
