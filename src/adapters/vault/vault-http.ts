// One HTTP call to Vault over undici, with TLS options and a timeout. Every error it throws is a MuttError
// whose message names the method, the path and Vault's (or the socket's) own text, with secrets redacted.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { MuttError } from '../../core/errors.js';

export interface VaultHttpOptions {
  /** e.g. `https://vault.example.com:8200`; no trailing path. */
  readonly addr: string;
  readonly timeoutMs: number;
  readonly caCertPath?: string | undefined;
  readonly tlsVerify: boolean;
}

export interface VaultResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Replaces each sensitive value in a text; values shorter than 4 characters are too ambiguous to matter. */
export function redact(text: string, sensitive: Iterable<string>): string {
  let out = text;
  for (const s of sensitive) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

function vaultErrors(body: unknown): string {
  if (typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors)) {
    const errs = (body as { errors: unknown[] }).errors.filter((e): e is string => typeof e === 'string');
    if (errs.length > 0) return errs.join('; ');
  }
  return 'no error detail';
}

function socketText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; cause?: { message?: unknown } };
  const msg = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' && !msg.includes(e.code) ? ` (${e.code})` : '';
  return `${msg}${code}`;
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new MuttError('MUTT_VAULT_CREDENTIALS', `VAULT_TLS_CA_CERT file not readable: ${path}: ${(err as Error).message}`, {
      path,
    });
  }
}

export class VaultHttp {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(
    private readonly opts: VaultHttpOptions,
    private readonly sensitive: () => Iterable<string>,
  ) {
    this.base = opts.addr.replace(/\/+$/, '');
    const ca = opts.caCertPath ? readCa(opts.caCertPath) : undefined;
    this.agent = new Agent({
      connect: { timeout: opts.timeoutMs, rejectUnauthorized: opts.tlsVerify, ...(ca ? { ca } : {}) },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  /** Resolves for 2xx; throws MUTT_VAULT_UNAVAILABLE (no answer, 5xx, sealed) or MUTT_VAULT_REQUEST_FAILED (4xx). */
  async call(method: 'GET' | 'POST' | 'PUT', path: string, token: string | undefined, body?: unknown): Promise<VaultResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers['x-vault-token'] = token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let parsed: unknown;
    try {
      const res = await request(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      status = res.statusCode;
      const text = await res.body.text();
      try {
        parsed = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        parsed = { errors: [`non-JSON answer (${text.length} bytes)`] };
      }
    } catch (err) {
      const detail = redact(socketText(err), this.sensitive());
      throw new MuttError('MUTT_VAULT_UNAVAILABLE', `Vault unreachable at ${this.base}: ${method} ${path}: ${detail}`, { path });
    }
    if (status >= 200 && status < 300) return { status, body: parsed };
    const detail = redact(vaultErrors(parsed), this.sensitive());
    const code = status >= 500 ? 'MUTT_VAULT_UNAVAILABLE' : 'MUTT_VAULT_REQUEST_FAILED';
    throw new MuttError(code, `Vault ${method} ${path} answered ${status}: ${detail}`, { path, status });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
