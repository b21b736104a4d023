import { int, num, optStr, port, str } from '../define.js';

const s = 'mock-moog' as const;

export const mockMoogVars = {
  mockMoogHost: str('MOCK_MOOG_HOST', '127.0.0.1', { section: s, description: 'Bind address of `mutt mock-moog`.' }),
  mockMoogPort: port('MOCK_MOOG_PORT', 8888, { section: s, description: 'Port of `mutt mock-moog`.' }),
  mockMoogStatus: int('MOCK_MOOG_STATUS', 200, { section: s, min: 100, max: 599, description: 'Status answered to every POST.' }),
  mockMoogFailRate: num('MOCK_MOOG_FAIL_RATE', 0, {
    section: s,
    min: 0,
    max: 1,
    description: 'Share of requests failed at random with MOCK_MOOG_FAIL_STATUS.',
  }),
  mockMoogFailStatus: int('MOCK_MOOG_FAIL_STATUS', 503, {
    section: s,
    min: 100,
    max: 599,
    description: 'Status of random failures.',
  }),
  mockMoogLatencyMs: int('MOCK_MOOG_LATENCY_MS', 0, { section: s, min: 0, description: 'Delay before answering.' }),
  mockMoogRetryAfter: optStr('MOCK_MOOG_RETRY_AFTER', { section: s, description: 'Retry-After header sent with 429/503.' }),
  mockMoogRequireAuth: optStr('MOCK_MOOG_REQUIRE_AUTH', {
    section: s,
    description: 'Expected full Authorization header; others get 401.',
  }),
  mockMoogRejectPattern: optStr('MOCK_MOOG_REJECT_PATTERN', {
    section: s,
    description: 'Events whose description/message contains this text get 422.',
  }),
};
