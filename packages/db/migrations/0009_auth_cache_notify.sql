-- Each API process keeps sessions and memberships in memory for a few seconds (packages/api
-- src/auth/auth-cache.ts). Whatever changes or removes one, from whichever code path or process,
-- tells every process here, after commit: sign-out, role change, removal, a renamed business.
-- Inserts need no word: only rows that exist are kept.
CREATE OR REPLACE FUNCTION flux_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload text;
BEGIN
  -- One branch per table: a record field is looked up only on the table that has it.
  IF TG_TABLE_NAME = 'sessions' THEN
    payload := json_build_object('t', 's', 'id', OLD.id)::text;
  ELSIF TG_TABLE_NAME = 'users' THEN
    payload := json_build_object('t', 'u', 'id', OLD.id)::text;
  ELSIF TG_TABLE_NAME = 'memberships' THEN
    payload := json_build_object('t', 'm', 'b', OLD.business_id, 'u', OLD.user_id)::text;
  ELSE
    payload := json_build_object('t', 'b', 'id', OLD.id)::text;
  END IF;
  PERFORM pg_notify('flux_auth', payload);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION flux_auth_changed();--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION flux_auth_changed();--> statement-breakpoint
CREATE TRIGGER memberships_auth_changed AFTER UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION flux_auth_changed();--> statement-breakpoint
CREATE TRIGGER businesses_auth_changed AFTER UPDATE OR DELETE ON businesses
  FOR EACH ROW EXECUTE FUNCTION flux_auth_changed();
