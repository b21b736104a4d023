// The forwarder never logs webhook credentials and never sends a secret-named field to Moogsoft.
import { describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/services/runtime/service-contract.js';
import { startForwarder } from '../../../src/services/forwarder/index.js';
import type { RunningMockMoog } from '../../../src/mock-moog/index.js';
import type { TestBackends } from '../../helpers/backends.js';
import { alert, capturingLogger, startWith, useForwarderFixture, waitFor } from './harness.js';

let tb: TestBackends;
let moog: RunningMockMoog;
const running: RunningService[] = [];
useForwarderFixture((t, m) => {
  tb = t;
  moog = m;
}, running);

describe('forwarder: no secret in its logs or in what Moogsoft receives', () => {
  it('logs the webhook URL without user:pass@ or query values, and strips nested secret fields from the payload', async () => {
    const url = new URL(moog.url);
    url.username = 'moog-user';
    url.password = 'pw-WEBHOOK-1';
    url.searchParams.set('token', 'tok-QUERY-2');
    const { logger, lines } = capturingLogger();
    running.push(
      await startWith(
        startForwarder,
        tb,
        { MOOG_WEBHOOK_URL: url.toString(), MOOG_RATE_LIMIT_ENABLED: 'false', MOOG_AUTH_TYPE: 'none' },
        'fwd-secrets',
        logger,
      ),
    );
    const raw = {
      hostname: 'router-01',
      message: 'LINK-DOWN',
      data: { password: 'pw-NESTED-3', list: [{ Api_Key: 'key-ARRAY-4', site: 'dc1' }] },
    };
    await tb.backends.queues.push(tb.backends.keys.alertQueue, [alert('cid-secret', { raw_json: raw, token: 'tok-TOP-5' })]);
    await waitFor(
      'delivery',
      () => moog.state.events.length,
      (n) => n >= 1,
    );

    const logged = lines.join('\n');
    expect(logged).toContain('Moog forwarder started');
    for (const s of ['pw-WEBHOOK-1', 'tok-QUERY-2', 'moog-user']) expect(logged).not.toContain(s);
    expect(logged).toContain('token=***');
    const sent = JSON.stringify(moog.state.events[0]?.event);
    for (const s of ['pw-NESTED-3', 'key-ARRAY-4', 'tok-TOP-5']) expect(sent).not.toContain(s);
  });
});
