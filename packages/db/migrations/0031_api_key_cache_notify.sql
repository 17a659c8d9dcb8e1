-- The REST API keeps its keys in memory for a few seconds too (packages/api/src/auth/
-- auth-cache.ts): a key revoked, given another expiry or other scopes, or deleted, from whichever
-- code path or process, is forgotten in every process, after commit. Its last use (written at
-- most once a minute) and its name are not what the cache decides on: they stay silent.
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
  ELSIF TG_TABLE_NAME = 'api_keys' THEN
    payload := json_build_object('t', 'k', 'id', OLD.id)::text;
  ELSE
    payload := json_build_object('t', 'b', 'id', OLD.id)::text;
  END IF;
  PERFORM pg_notify('flux_auth', payload);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER api_keys_auth_changed
  AFTER UPDATE OF business_id, key_hash, scopes, expires_at, revoked_at OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION flux_auth_changed();
