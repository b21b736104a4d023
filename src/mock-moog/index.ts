// Standalone mock Moogsoft (port 8888, `MOCK_MOOG_PORT`) for tests, benches and `mutt mock-moog`.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { defaultBehaviour, MockMoogState, type MockBehaviour } from './mock-state.js';

export { MockMoogState, type MockBehaviour, type MatchRule, type RecordedEvent } from './mock-state.js';

export interface MockMoogOptions {
  host?: string;
  /** 0 = a random free port. */
  port?: number;
  behaviour?: Partial<MockBehaviour>;
  random?: () => number;
}

export interface RunningMockMoog {
  /** The webhook URL to give the forwarder (`…/webhook`). */
  readonly url: string;
  readonly baseUrl: string;
  readonly state: MockMoogState;
  stop(): Promise<void>;
}

const ADMIN = new Set(['/stats', '/events', '/attempts', '/control', '/reset', '/health']);

function eventsOf(body: unknown): Record<string, unknown>[] {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const events = (body as Record<string, unknown>).events;
    if (Array.isArray(events)) return events.filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object');
    return [body as Record<string, unknown>];
  }
  return [];
}

function buildApp(state: MockMoogState): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? null : JSON.parse(body as string));
    } catch {
      done(null, undefined);
    }
  });
  app.get('/health', async () => ({ status: 'healthy', service: 'mock-moog' }));
  app.get('/stats', async () => state.stats());
  app.get('/events', async (req) => {
    const q = req.query as Record<string, string | undefined>;
    const limit = Math.min(Number(q.limit ?? 1000) || 1000, 100_000);
    return state.events.slice(-limit).map((e) => ({
      external_id: e.externalId,
      received_at: new Date(e.receivedAtMs).toISOString(),
      arrived_at: new Date(e.arrivedAtMs).toISOString(),
      event: e.event,
    }));
  });
  // Requests per external_id whatever the answer (rejections included); `?match=` keeps ids containing it.
  app.get('/attempts', async (req) => {
    const match = (req.query as Record<string, string | undefined>).match ?? '';
    return Object.fromEntries([...state.attempts].filter(([id]) => id.includes(match)));
  });
  app.post('/control', async (req) => {
    state.control((req.body ?? {}) as Partial<MockBehaviour> & { failForSeconds?: number }, Date.now());
    return state.stats();
  });
  app.post('/reset', async () => {
    state.reset();
    return { ok: true };
  });
  // Arrivals are stamped as early as possible (headers parsed), so the 1 s window reflects the wire.
  const arrivals = new WeakMap<object, number>();
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST' || ADMIN.has(req.url.split('?')[0] ?? '')) return;
    const now = Date.now();
    arrivals.set(req, now);
    state.noteRequest(now);
  });
  app.head('/*', async (_req, reply) => reply.code(state.headStatus(Date.now())).send());
  app.post('/*', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (ADMIN.has(path)) return reply.code(404).send();
    const now = Date.now();
    const b = state.behaviour;
    if (b.mode === 'reset') {
      req.raw.socket.destroy();
      return reply;
    }
    if (b.mode === 'hang') return new Promise(() => undefined);
    if (req.body === undefined) {
      state.noteStatus(400);
      return reply.code(400).send({ success: false, message: 'invalid JSON' });
    }
    const events = eventsOf(req.body);
    state.noteAttempts(events);
    const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : null;
    const answer = state.decide(events, auth, now);
    const latencyMs = answer.latencyMs ?? b.latencyMs;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    state.noteStatus(answer.status);
    if (answer.retryAfter !== undefined) void reply.header('retry-after', answer.retryAfter);
    if (answer.status >= 200 && answer.status < 300) {
      const done = Date.now();
      state.recordAccepted(events, auth, done, arrivals.get(req) ?? done);
      return reply.code(answer.status).send({ success: true, message: `Processed ${events.length} event(s)` });
    }
    return reply.code(answer.status).send({ success: false, message: `mock-moog answered ${answer.status}` });
  });
  return app;
}

export async function startMockMoog(opts: MockMoogOptions = {}): Promise<RunningMockMoog> {
  const state = new MockMoogState({ ...defaultBehaviour(), ...opts.behaviour }, opts.random);
  const app = buildApp(state);
  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const baseUrl = `http://${host}:${addr.port}`;
  return {
    url: `${baseUrl}/webhook`,
    baseUrl,
    state,
    stop: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

/** Behaviour from MOCK_MOOG_* config, for `mutt mock-moog`. */
export function mockBehaviourFromConfig(c: {
  mockMoogStatus: number;
  mockMoogFailRate: number;
  mockMoogFailStatus: number;
  mockMoogLatencyMs: number;
  mockMoogRetryAfter: string | undefined;
  mockMoogRequireAuth: string | undefined;
  mockMoogRejectPattern: string | undefined;
}): Partial<MockBehaviour> {
  return {
    status: c.mockMoogStatus,
    failRate: c.mockMoogFailRate,
    failStatus: c.mockMoogFailStatus,
    latencyMs: c.mockMoogLatencyMs,
    ...(c.mockMoogRetryAfter !== undefined ? { retryAfter: c.mockMoogRetryAfter } : {}),
    ...(c.mockMoogRequireAuth !== undefined ? { requireAuth: c.mockMoogRequireAuth } : {}),
    rules: c.mockMoogRejectPattern !== undefined ? [{ match: c.mockMoogRejectPattern, status: 422 }] : [],
  };
}
