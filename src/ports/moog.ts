// Outbound Moogsoft port: what the forwarder and remediation need from a webhook client. The undici adapter
// (adapters/moog/moog-client.ts) implements it; the composition root builds it, so services never import the adapter.
import type { Config } from '../config/load.js';
import type { Outcome } from '../core/moog/classify-response.js';

export interface SendResult {
  readonly outcome: Outcome;
  readonly latencyMs: number;
  /** `HTTP 503: <first 200 chars of the body>` or the transport error text. */
  readonly error: string | null;
}

export interface ProbeResult {
  readonly healthy: boolean;
  /** `HTTP 405` or the transport error text. */
  readonly detail: string;
}

export interface Moog {
  /** POST one alert body to MOOG_WEBHOOK_URL. Never throws: transport failures are outcomes. */
  send(body: string, correlationId: string): Promise<SendResult>;
  /** The one Moog health probe (HEAD, never posts). */
  probe(timeoutMs: number): Promise<ProbeResult>;
  /** Secret rotation: later requests use the new key. */
  setApiKey(apiKey: string | undefined): void;
  close(): Promise<void>;
}

export interface MoogConnection {
  readonly apiKey: string | undefined;
  /** Keep-alive connections: one per concurrent delivery. */
  readonly connections: number;
  readonly userAgent: string;
}

/** Builds a client from the service's config (URL, timeout, TLS and auth settings). */
export type MoogFactory = (config: Config, connection: MoogConnection) => Moog;
