-- Tracking tokens leave the database (issue: tokens at rest). A token is now an HMAC of the order's
-- id under the server key, never stored; its SHA-256 is what the page is looked up by, written when
-- the link is first given out. Older orders keep the links they were sent: their random token's
-- SHA-256 moves to legacy_tracking_token_hash, then the clear column goes. Notifications stop
-- carrying the token in their facts (the link is derived from the row's order at send time).
ALTER TABLE "orders" ADD COLUMN "tracking_token_hash" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "legacy_tracking_token_hash" text;--> statement-breakpoint
UPDATE "orders" SET "legacy_tracking_token_hash" = encode(sha256(convert_to("tracking_token", 'UTF8')), 'hex');--> statement-breakpoint
UPDATE "notifications" SET "payload" = "payload" - 'trackingToken' WHERE "payload" ? 'trackingToken';--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_tracking_token_unique";--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "tracking_token";--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tracking_token_hash_unique" UNIQUE("tracking_token_hash");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_legacy_tracking_token_hash_unique" UNIQUE("legacy_tracking_token_hash");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tracking_token_hash_sha256_hex" CHECK ("orders"."tracking_token_hash" ~ '^[0-9a-f]{64}$');--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_legacy_tracking_token_hash_sha256_hex" CHECK ("orders"."legacy_tracking_token_hash" ~ '^[0-9a-f]{64}$');
