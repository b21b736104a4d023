// A blocking pop whose reply is lost on a silent Redis connection leaves its message in the pod's processing list,
// though the pod never saw it. A live, idle alerter must hand such an orphan back and process it, not keep it until
// the next restart. (Embedded queues are in-process: no reply can be lost there.)
import { afterEach, describe, expect, it } from 'vitest';
import { isRedisProfile } from '../../helpers/backends.js';
import { createHarness, ruleInput, until, type Harness } from './harness.js';

describe.skipIf(!isRedisProfile)('alerter: orphans in its own processing list', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('an idle alerter returns an orphaned message from its processing list and audits it', async () => {
    h = await createHarness();
    const { b } = h;
    await b.store.createRule(ruleInput({ pattern: 'ORPHAN', rule_name: 'orphan' }), { changedBy: 'test' });
    const pod = 'orphan-pod';
    await h.start({}, pod);
    const processing = b.keys.processing('alerter', pod);
    // What the server does for a BLMOVE whose reply never reached the pod.
    await b.queues.push(processing, [
      h.event({ message: 'ORPHAN event', correlation_id: 'cid-orphan', _correlation_id: 'cid-orphan' }),
    ]);
    const rows = await until(
      () => b.store.recentEventAudit(10),
      (r) => r.some((x) => x.correlation_id === 'cid-orphan'),
      10_000,
    );
    expect(rows.filter((x) => x.correlation_id === 'cid-orphan')).toHaveLength(1);
    expect(
      await until(
        () => b.queues.depth(processing),
        (d) => d === 0,
      ),
    ).toBe(0);
  });
});
