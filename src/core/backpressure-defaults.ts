// Default ingest depth above which the alerter sheds (alerter_queue_shed_threshold, ALERTER_QUEUE_SHED_THRESHOLD,
// REMEDIATION_SHED_THRESHOLD). One alerter pod clears 18-21k events/s on Redis + PostgreSQL (docs/benchmarks.md),
// so 100,000 is about 5 s of its work: a backlog it clears within seconds is processed in place, never shed.
// It stays a tenth of INGEST_QUEUE_CAP, so shedding still acts long before ingest answers 503.
export const DEFAULT_SHED_THRESHOLD = 100_000;
