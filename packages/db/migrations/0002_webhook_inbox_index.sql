DROP INDEX "webhook_events_status_received_idx";--> statement-breakpoint
CREATE INDEX "webhook_events_inbox_idx" ON "webhook_events" USING btree ("provider","received_at","id") WHERE "webhook_events"."status" = 'received';--> statement-breakpoint
CREATE INDEX "webhook_events_attention_idx" ON "webhook_events" USING btree ("received_at") WHERE "webhook_events"."status" in ('failed', 'invalid');--> statement-breakpoint
-- Every event is inserted then updated once: vacuum it often so the inbox index's dead entries go.
ALTER TABLE "webhook_events" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
