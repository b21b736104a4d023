// The SQL Store (src/ports/store.ts) over any SqlClient: pg in production, PGlite embedded.
import type { SqlClient } from '../../ports/sql.js';
import type { Store } from '../../ports/store.js';
import { auditMethods } from './store-audit.js';
import { hostMethods } from './store-hosts.js';
import { ruleMethods } from './store-rules.js';

export { hostRecordId, stableRecordId } from './store-common.js';

export function createSqlStore(sql: SqlClient): Store {
  return { ...ruleMethods(sql), ...hostMethods(sql), ...auditMethods(sql) };
}
