-- Best-effort extras: pg_stat_statements for the guide's slow-query recipe (needs superuser and
-- shared_preload_libraries; absent on PGlite), and grants for mutt_user when that role exists.

DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_stat_statements not installed: %', SQLERRM;
END
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mutt_user') AND current_user <> 'mutt_user' THEN
    EXECUTE 'GRANT ALL ON ALL TABLES IN SCHEMA public TO mutt_user';
    EXECUTE 'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO mutt_user';
    EXECUTE 'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO mutt_user';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO mutt_user';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO mutt_user';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'grants to mutt_user skipped: %', SQLERRM;
END
$$;
