-- The auth cache keeps a business's profile and settings, never its order counter; every order
-- created bumps that counter, and each NOTIFY wakes every listening connection of the database.
-- The trigger now fires only when a column the cache keeps changes (or the row goes).
DROP TRIGGER IF EXISTS businesses_auth_changed ON businesses;--> statement-breakpoint
CREATE TRIGGER businesses_auth_changed
  AFTER UPDATE OF name, slug, country, currency, timezone, locale, settings OR DELETE ON businesses
  FOR EACH ROW EXECUTE FUNCTION flux_auth_changed();
