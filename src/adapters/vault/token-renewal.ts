// Background token renewal: look the token up every interval and renew it when its TTL
// falls under the threshold. Failures are logged and the loop keeps going on cached secrets.
import { MuttError } from '../../core/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { VaultClient } from './vault-client.js';

export type RenewOutcome = 'renewed' | 'relogged' | 'not_needed' | 'non_expiring' | 'not_renewable' | 'failed';

export interface TokenRenewalOptions {
  readonly client: VaultClient;
  readonly logger: Logger;
  readonly thresholdSeconds: number;
  readonly intervalMs: number;
  /** Called after a successful renewal or re-login, e.g. to re-read secrets. */
  readonly onRenewed?: () => Promise<void>;
  /** Called after every check that reached Vault (renewal needed or not), e.g. to re-read secrets each interval. */
  readonly onChecked?: () => Promise<void>;
}

export interface TokenRenewal {
  /** One check now, as the timer does it. Never rejects. */
  checkNow(): Promise<RenewOutcome>;
  /** Stops the timer and waits for a running check. */
  stop(): Promise<void>;
}

function isPermissionDenied(err: unknown): boolean {
  return err instanceof MuttError && err.code === 'MUTT_VAULT_REQUEST_FAILED' && err.details?.status === 403;
}

async function check(o: TokenRenewalOptions): Promise<RenewOutcome> {
  try {
    const status = await o.client.lookupSelf();
    if (status.ttl === 0) {
      o.logger.debug('Vault token is non-expiring; no renewal needed');
      return 'non_expiring';
    }
    if (status.ttl >= o.thresholdSeconds) return 'not_needed';
    if (!status.renewable) {
      o.logger.warning(
        `Vault token is not renewable and expires in ${status.ttl}s; restart the service or supply a new token before then`,
      );
      return 'not_renewable';
    }
    const renewed = await o.client.renewSelf();
    o.logger.info(`Vault token renewed; new lease_duration=${renewed.leaseDuration}s`);
    await o.onRenewed?.();
    return 'renewed';
  } catch (err) {
    // An expired or revoked token can be replaced when AppRole credentials are at hand.
    if (isPermissionDenied(err) && o.client.authKind === 'approle') {
      try {
        const login = await o.client.login();
        o.logger.warning(`Vault token was rejected; logged in again with AppRole (lease_duration=${login.leaseDuration}s)`);
        await o.onRenewed?.();
        return 'relogged';
      } catch (loginErr) {
        o.logger.error(`Vault AppRole re-login failed: ${(loginErr as Error).message}`);
        return 'failed';
      }
    }
    o.logger.error(`Vault token renewal failed: ${(err as Error).message}`);
    return 'failed';
  }
}

export function startTokenRenewal(o: TokenRenewalOptions): TokenRenewal {
  let running: Promise<RenewOutcome> | undefined;
  let stopped = false;
  const checkNow = (): Promise<RenewOutcome> => {
    running ??= check(o)
      .then(async (outcome) => {
        if (outcome !== 'failed') await o.onChecked?.().catch(() => undefined);
        return outcome;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  // First check one interval after start (the token was just issued); unref so the timer never holds the process open.
  const timer = setInterval(() => {
    if (!stopped) void checkNow();
  }, o.intervalMs);
  timer.unref();
  return {
    checkNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
