// dev_hosts and device_teams: case-insensitive hostnames (unique lower(hostname) indexes), audited writes.
import type { SqlClient } from '../../ports/sql.js';
import type { DeviceTeam, Store } from '../../ports/store.js';
import { hostRecordId, insertConfigAudit, mapWriteError } from './store-common.js';

type HostMethods = Pick<
  Store,
  | 'loadDevHosts'
  | 'loadDeviceTeams'
  | 'listDevHosts'
  | 'addDevHost'
  | 'removeDevHost'
  | 'listDeviceTeams'
  | 'getDeviceTeam'
  | 'upsertDeviceTeam'
  | 'removeDeviceTeam'
>;

export function hostMethods(sql: SqlClient): HostMethods {
  const listDevHosts = async (): Promise<string[]> => {
    const { rows } = await sql.query<{ hostname: string }>('SELECT hostname FROM dev_hosts ORDER BY lower(hostname)');
    return rows.map((r) => r.hostname);
  };
  const listDeviceTeams = async (): Promise<DeviceTeam[]> => {
    const { rows } = await sql.query<DeviceTeam>('SELECT hostname, team_assignment FROM device_teams ORDER BY lower(hostname)');
    return rows.map((r) => ({ hostname: r.hostname, team_assignment: r.team_assignment }));
  };

  return {
    loadDevHosts: listDevHosts,
    loadDeviceTeams: listDeviceTeams,
    listDevHosts,
    listDeviceTeams,

    async addDevHost(hostname, ctx) {
      try {
        return await sql.transaction(async (tx) => {
          const { rows } = await tx.query<{ hostname: string }>(
            'INSERT INTO dev_hosts (hostname) VALUES ($1) ON CONFLICT ((lower(hostname))) DO NOTHING RETURNING hostname',
            [hostname],
          );
          if (rows.length === 0) return 'exists' as const;
          await insertConfigAudit(tx, 'dev_hosts', hostRecordId(hostname), 'CREATE', null, { hostname }, ctx);
          return 'created' as const;
        });
      } catch (err) {
        return mapWriteError(err);
      }
    },

    removeDevHost(hostname, ctx) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query<{ hostname: string }>(
          'DELETE FROM dev_hosts WHERE lower(hostname) = lower($1) RETURNING hostname',
          [hostname],
        );
        const removed = rows[0];
        if (!removed) return false;
        await insertConfigAudit(
          tx,
          'dev_hosts',
          hostRecordId(removed.hostname),
          'DELETE',
          { hostname: removed.hostname },
          null,
          ctx,
        );
        return true;
      });
    },

    async getDeviceTeam(hostname) {
      const { rows } = await sql.query<DeviceTeam>(
        'SELECT hostname, team_assignment FROM device_teams WHERE lower(hostname) = lower($1)',
        [hostname],
      );
      const r = rows[0];
      return r ? { hostname: r.hostname, team_assignment: r.team_assignment } : null;
    },

    async upsertDeviceTeam(team, ctx) {
      try {
        return await sql.transaction(async (tx) => {
          const { rows: old } = await tx.query<DeviceTeam>(
            'SELECT hostname, team_assignment FROM device_teams WHERE lower(hostname) = lower($1) FOR UPDATE',
            [team.hostname],
          );
          const before = old[0];
          const { rows } = await tx.query<DeviceTeam>(
            `INSERT INTO device_teams (hostname, team_assignment) VALUES ($1, $2)
             ON CONFLICT ((lower(hostname))) DO UPDATE SET team_assignment = EXCLUDED.team_assignment
             RETURNING hostname, team_assignment`,
            [team.hostname, team.team_assignment],
          );
          const after = rows[0] as DeviceTeam;
          const afterValues = { hostname: after.hostname, team_assignment: after.team_assignment };
          const id = hostRecordId(after.hostname);
          if (!before) {
            await insertConfigAudit(tx, 'device_teams', id, 'CREATE', null, afterValues, ctx);
            return 'created' as const;
          }
          const beforeValues = { hostname: before.hostname, team_assignment: before.team_assignment };
          await insertConfigAudit(tx, 'device_teams', id, 'UPDATE', beforeValues, afterValues, ctx);
          return 'updated' as const;
        });
      } catch (err) {
        return mapWriteError(err);
      }
    },

    removeDeviceTeam(hostname, ctx) {
      return sql.transaction(async (tx) => {
        const { rows } = await tx.query<DeviceTeam>(
          'DELETE FROM device_teams WHERE lower(hostname) = lower($1) RETURNING hostname, team_assignment',
          [hostname],
        );
        const removed = rows[0];
        if (!removed) return false;
        const values = { hostname: removed.hostname, team_assignment: removed.team_assignment };
        await insertConfigAudit(tx, 'device_teams', hostRecordId(removed.hostname), 'DELETE', values, null, ctx);
        return true;
      });
    },
  };
}
