// The forwarder's and remediation's Moogsoft client: built by the composition root's factory with the live
// MOOG_API_KEY, and following its rotation (SIGHUP / Vault renewal) until closed.
import type { Moog } from '../../ports/moog.js';
import type { ServiceContext } from './service-contract.js';

export function openMoog(ctx: ServiceContext, connections: number, userAgent: string): Moog {
  const { config: c, secrets, logger } = ctx;
  const client = ctx.backends.moog(c, { apiKey: secrets.get('MOOG_API_KEY') ?? c.moogApiKey, connections, userAgent });
  const unsubscribe = secrets.onChange((change) => {
    if (!change.changed.includes('MOOG_API_KEY')) return;
    client.setApiKey(change.values.MOOG_API_KEY ?? c.moogApiKey);
    logger.info('MOOG_API_KEY rotated; new requests use the new key');
  });
  return {
    send: (body, correlationId) => client.send(body, correlationId),
    probe: (timeoutMs) => client.probe(timeoutMs),
    setApiKey: (apiKey) => client.setApiKey(apiKey),
    close: () => {
      unsubscribe();
      return client.close();
    },
  };
}
