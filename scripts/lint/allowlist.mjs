// Today's known offenders, so the lint stays green while the restructuring lands. Each entry is temporary: delete it
// when its code is fixed (the lint warns about an entry that no longer matches anything).

/** `from -> to` imports that break the import rules. */
export const IMPORT_ALLOWLIST = [];

/** `path:function` over the length limit. */
export const FUNCTION_ALLOWLIST = [
  // remove when split (found by the first run of the check; not part of issue 9 point 1)
  'src/adapters/embedded/embedded-event-counters.ts:createEmbeddedEventCounters',
  'src/adapters/sql/pg-client.ts:createPgClient',
  'src/services/ingestor/app.ts:buildIngestorApp',
  'src/services/ingestor/routes.ts:createIngestHandler',
  'src/services/webui/app.ts:buildWebuiApp',
  // pushed past 100 lines by the formatter's line wrapping (issue 9 point 9); split them next
  'src/cli/main.ts:buildProgram',
  'src/services/ingestor/routes.ts:ingest',
  'src/services/webui/routes-config.ts:registerConfigRoutes',
  'src/services/webui/routes-dlq.ts:registerDlqRoutes',
  'src/services/webui/routes-overview.ts:registerOverviewRoutes',
  'src/adapters/sql/store-hosts.ts:hostMethods',
];
