// /api/{v}/dev-hosts: audited (table dev_hosts) and notified on mutt:rules:updates.
import type { ApiRouter } from './api-route.js';
import { changeContext, publishRulesChange, type WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { devHostBody, hostnameParams, reasonBody } from './schemas.js';

export function registerHostRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { store } = deps.ctx.backends;
  const tag = 'dev-hosts';

  api.route(
    'GET',
    '/dev-hosts',
    { endpoint: 'dev_hosts', tag, summary: 'Development hosts, sorted by hostname' },
    {},
    async () => {
      const hosts = [...(await store.listDevHosts())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { hosts: hosts.map((hostname) => ({ hostname })) };
    },
  );

  api.route(
    'POST',
    '/dev-hosts',
    {
      endpoint: 'dev_hosts',
      tag,
      summary: 'Add a development host (201; 409 when present)',
      requiredMessage: 'hostname is required',
    },
    { body: devHostBody },
    async (req, reply) => {
      const hostname = req.body.hostname.trim();
      if (hostname === '') return sendError(reply, 'MUTT_VALIDATION', 'hostname is required');
      if (hostname.length > 255) return sendError(reply, 'MUTT_VALIDATION', 'hostname must be at most 255 characters');
      const r = await store.addDevHost(hostname, changeContext(req, req.body.reason));
      if (r === 'exists') return sendError(reply, 'MUTT_CONFLICT', 'Hostname already exists');
      await publishRulesChange(deps, req, 'dev_hosts', 'CREATE', hostname);
      return reply.code(201).send({ message: 'Dev host added successfully' });
    },
  );

  api.route(
    'DELETE',
    '/dev-hosts/:hostname',
    { endpoint: 'dev_hosts', tag, summary: 'Remove a development host' },
    {
      params: hostnameParams,
      body: reasonBody,
    },
    async (req, reply) => {
      const { hostname } = req.params;
      const reason = req.body?.reason ?? (req.query as { reason?: unknown }).reason;
      const removed = await store.removeDevHost(hostname, changeContext(req, reason));
      if (!removed) return sendError(reply, 'MUTT_NOT_FOUND', 'Hostname not found');
      await publishRulesChange(deps, req, 'dev_hosts', 'DELETE', hostname);
      return { message: 'Dev host deleted successfully' };
    },
  );
}
