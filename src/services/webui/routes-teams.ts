// /api/{v}/teams: audited (table device_teams) and notified on mutt:rules:updates.
import type { ApiRouter } from './api-route.js';
import { changeContext, publishRulesChange, type WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { hostnameParams, reasonBody, teamCreateBody, teamUpdateBody } from './schemas.js';

function checkTeam(hostname: string, team: string): string | null {
  if (hostname === '' || team === '') return 'hostname and team_assignment are required';
  if (hostname.length > 255) return 'hostname must be at most 255 characters';
  if (team.length > 100) return 'team_assignment must be at most 100 characters';
  return null;
}

export function registerTeamRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { store } = deps.ctx.backends;
  const tag = 'teams';

  api.route('GET', '/teams', { endpoint: 'teams', tag, summary: 'Host → team mappings, sorted by hostname' }, {}, async () => {
    const teams = [...(await store.listDeviceTeams())].sort((a, b) =>
      a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0,
    );
    return { teams: teams.map((t) => ({ hostname: t.hostname, team_assignment: t.team_assignment })) };
  });

  api.route(
    'POST',
    '/teams',
    {
      endpoint: 'teams',
      tag,
      summary: 'Add a mapping (201; 409 when the host has one)',
      requiredMessage: 'hostname and team_assignment are required',
    },
    { body: teamCreateBody },
    async (req, reply) => {
      const hostname = req.body.hostname.trim();
      const team = req.body.team_assignment.trim();
      const problem = checkTeam(hostname, team);
      if (problem) return sendError(reply, 'MUTT_VALIDATION', problem);
      if (await store.getDeviceTeam(hostname)) return sendError(reply, 'MUTT_CONFLICT', 'Hostname already has a team assignment');
      await store.upsertDeviceTeam({ hostname, team_assignment: team }, changeContext(req, req.body.reason));
      await publishRulesChange(deps, req, 'device_teams', 'CREATE', hostname);
      return reply.code(201).send({ message: 'Team mapping added successfully' });
    },
  );

  api.route(
    'PUT',
    '/teams/:hostname',
    { endpoint: 'teams', tag, summary: 'Change a mapping', requiredMessage: 'team_assignment is required' },
    { params: hostnameParams, body: teamUpdateBody },
    async (req, reply) => {
      const { hostname } = req.params;
      const team = req.body.team_assignment.trim();
      if (team === '') return sendError(reply, 'MUTT_VALIDATION', 'team_assignment is required');
      if (team.length > 100) return sendError(reply, 'MUTT_VALIDATION', 'team_assignment must be at most 100 characters');
      const existing = await store.getDeviceTeam(hostname);
      if (!existing) return sendError(reply, 'MUTT_NOT_FOUND', 'Hostname not found');
      await store.upsertDeviceTeam({ hostname: existing.hostname, team_assignment: team }, changeContext(req, req.body.reason));
      await publishRulesChange(deps, req, 'device_teams', 'UPDATE', existing.hostname);
      return { message: 'Team mapping updated successfully' };
    },
  );

  api.route(
    'DELETE',
    '/teams/:hostname',
    { endpoint: 'teams', tag, summary: 'Remove a mapping' },
    { params: hostnameParams, body: reasonBody },
    async (req, reply) => {
      const { hostname } = req.params;
      const reason = req.body?.reason ?? (req.query as { reason?: unknown }).reason;
      if (!(await store.removeDeviceTeam(hostname, changeContext(req, reason))))
        return sendError(reply, 'MUTT_NOT_FOUND', 'Hostname not found');
      await publishRulesChange(deps, req, 'device_teams', 'DELETE', hostname);
      return { message: 'Team mapping deleted successfully' };
    },
  );
}
