import { port, str } from '../define.js';

export const mockMoogVars = {
  mockMoogHost: str('MOCK_MOOG_HOST', '127.0.0.1', { section: 'mock-moog', description: 'Bind address of `mutt mock-moog`.' }),
  mockMoogPort: port('MOCK_MOOG_PORT', 8888, { section: 'mock-moog', description: 'Port of `mutt mock-moog`.' }),
};
