// Shared set-up for forwarder/remediation integration tests: isolated back ends, a real mock-moog, free ports.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { loadConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/observability/logger.js';
export async function freePort() {
    return new Promise((resolve, reject) => {
        const s = createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const port = s.address().port;
            s.close(() => resolve(port));
        });
    });
}
export async function startWith(start, tb, env, pod = `pod-${randomUUID().slice(0, 6)}`, logger = silentLogger()) {
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const config = loadConfig({
        ...tb.env,
        MOOG_FORWARDER_HEALTH_PORT: String(ports[0]),
        MOOG_FORWARDER_METRICS_PORT: String(ports[1]),
        REMEDIATION_HEALTH_PORT: String(ports[2]),
        REMEDIATION_METRICS_PORT: String(ports[3]),
        BRPOPLPUSH_TIMEOUT: '0.2',
        DYNAMIC_CONFIG_ENABLED: 'false',
        LOG_EVENT_LINES: 'false',
        ...env,
    });
    return start({ config, backends: tb.backends, logger, podName: pod, instanceId: randomUUID() });
}
export async function waitFor(what, fn, ok, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last = await fn();
    while (!ok(last)) {
        if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 25));
        last = await fn();
    }
    return last;
}
export function alert(id, extra = {}) {
    return JSON.stringify({
        hostname: 'router-01', team_assignment: 'NetOps', severity: 'Major', message_body: `LINK-DOWN ${id}`,
        raw_json: { hostname: 'router-01', message: `LINK-DOWN ${id}` }, correlation_id: id, _correlation_id: id,
        rule_id: 1, rule_name: 'link-down', handling_decision: 'Page_and_ticket', environment: 'production', ...extra,
    });
}
/** Empties every queue/list the forwarder and remediation touch, and resets shared state. */
export async function resetState(b) {
    const k = b.keys;
    for (const q of [k.alertQueue, k.ingestQueue, k.dlq('moog'), k.dlq('alerter'), k.dlq('dead'), k.retryMoog])
        await b.queues.purge(q);
    for (const prefix of [k.processingPrefix('moog'), k.processingPrefix('remediation')]) {
        for (const q of await b.queues.listQueues(prefix))
            await b.queues.purge(q);
    }
    await b.circuit.reset();
    await b.rateLimiter.reset(k.rateLimit('moog'));
}
export async function dlqEntries(b, name) {
    return (await b.queues.range(b.keys.dlq(name), 0, -1)).map((s) => JSON.parse(s));
}
/** A Logger that keeps every line, for asserting the guide's log texts. */
export function capturingLogger() {
    const lines = [];
    const mk = () => {
        const rec = (level) => (message) => { lines.push(`${level} ${message}`); };
        return { debug: rec('DEBUG'), info: rec('INFO'), warning: rec('WARNING'), error: rec('ERROR'), critical: rec('CRITICAL'), child: () => mk(), flush: () => undefined };
    };
    return { logger: mk(), lines };
}
//# sourceMappingURL=harness.js.map