// The mutt-webui service: dashboard, management API, /health and /metrics on WEBUI_PORT (8090).
import type { RunningService, StartService } from '../runtime/service-contract.js';
import { buildWebuiApp } from './app.js';
import type { WebuiOptions } from './deps.js';

export { buildWebuiApp } from './app.js';
export type { WebuiOptions } from './deps.js';

export function createStartWebui(opts: WebuiOptions = {}): StartService {
  return async (ctx): Promise<RunningService> => {
    const app = await buildWebuiApp(ctx, opts);
    // A primary port that cannot bind is fatal (docs/decisions.md D14): the error propagates.
    await app.listen({ host: ctx.config.webuiHost, port: ctx.config.webuiPort });
    ctx.logger.info(`Web UI listening on ${ctx.config.webuiHost}:${ctx.config.webuiPort}`);
    return {
      name: 'webui',
      async stop() {
        await app.close();
      },
    };
  };
}

export const startWebui: StartService = createStartWebui();
