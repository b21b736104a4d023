// `mutt_db_pool_connections{service,state}` (docs/decisions.md D19): the guide greps the web UI's /metrics for "pool".
import { Gauge, type Registry } from 'prom-client';
import type { SqlClient } from '../ports/sql.js';

export function registerDbPoolGauge(registry: Registry, service: string, sql: SqlClient, max: number): void {
  new Gauge({
    name: 'mutt_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle, waiting, max)',
    labelNames: ['service', 'state'],
    registers: [registry],
    collect() {
      const s = sql.poolStats?.() ?? { total: 1, idle: 0, waiting: 0 };
      this.set({ service, state: 'in_use' }, s.total - s.idle);
      this.set({ service, state: 'idle' }, s.idle);
      this.set({ service, state: 'waiting' }, s.waiting);
      this.set({ service, state: 'max' }, sql.poolStats ? max : 1);
    },
  });
}
