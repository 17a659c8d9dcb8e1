-- Customer tracking links (issue 16). ADD COLUMN with a volatile default rewrites the table and
-- evaluates the default once per row: every existing order gets its own token of 244 random bits
-- from PostgreSQL's strong random source (two gen_random_uuid(), base64url); new orders get 128
-- bits from node:crypto (newTrackingToken).
ALTER TABLE "orders" ADD COLUMN "tracking_token" text DEFAULT rtrim(translate(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '+/', '-_'), '=') NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_logs_business_entity_idx" ON "audit_logs" USING btree ("business_id","entity_type","entity_id","created_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tracking_token_unique" UNIQUE("tracking_token");