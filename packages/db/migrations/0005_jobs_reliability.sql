ALTER TYPE "public"."message_status" ADD VALUE 'sending' BEFORE 'sent';--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'unknown' BEFORE 'sent';--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sending_since" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "redrives" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "next_attempt_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "messages_sending_idx" ON "messages" USING btree ("sending_since") WHERE "messages"."sending_since" is not null;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_send_attempts_non_negative" CHECK ("messages"."send_attempts" >= 0);--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_redrives_non_negative" CHECK ("webhook_events"."redrives" >= 0);