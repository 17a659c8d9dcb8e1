ALTER TABLE "email_accounts" ADD COLUMN "subscription_id" text;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "subscription_secret_encrypted" text;--> statement-breakpoint
CREATE INDEX "email_accounts_subscription_idx" ON "email_accounts" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "emails_account_message_id_idx" ON "emails" USING btree ("email_account_id","message_id_header");