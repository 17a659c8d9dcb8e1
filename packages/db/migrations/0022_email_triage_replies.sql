ALTER TYPE "public"."email_category" ADD VALUE 'supplier' BEFORE 'question';--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "send_status" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "send_key" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "sent_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "send_error" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "send_claimed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_sent_by_user_id_users_id_fk" FOREIGN KEY ("sent_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emails_sending_idx" ON "emails" USING btree ("send_status","send_claimed_at");--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_account_send_key_unique" UNIQUE("email_account_id","send_key");--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_send_status_known" CHECK ("emails"."send_status" in ('sending', 'sent', 'unknown', 'failed'));