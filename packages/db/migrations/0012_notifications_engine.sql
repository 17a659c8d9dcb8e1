CREATE TYPE "public"."notification_recipient_type" AS ENUM('customer', 'courier', 'member');--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'sending' BEFORE 'sent';--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'unknown' BEFORE 'sent';--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'delivered' BEFORE 'failed';--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'read' BEFORE 'failed';--> statement-breakpoint
ALTER TYPE "public"."notification_status" ADD VALUE 'skipped';--> statement-breakpoint
CREATE TABLE "sms_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"account_id" text NOT NULL,
	"api_key_encrypted" text NOT NULL,
	"sender_id" text,
	"callback_secret_encrypted" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_accounts_business_unique" UNIQUE("business_id"),
	CONSTRAINT "sms_accounts_provider_known" CHECK ("sms_accounts"."provider" in ('africastalking', 'twilio'))
);
--> statement-breakpoint
ALTER TABLE "prospects" ADD COLUMN "opted_out_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "prospects" ADD COLUMN "opted_out_channel" "channel";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "recipient_type" "notification_recipient_type" NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "event" text NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "language" text DEFAULT 'fr' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "order_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "sending_since" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "delivered_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "read_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "fallback_of" uuid;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "email_digest" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD CONSTRAINT "sms_accounts_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_fallback_of_notifications_id_fk" FOREIGN KEY ("fallback_of") REFERENCES "public"."notifications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_business_order_idx" ON "notifications" USING btree ("business_id","order_id");--> statement-breakpoint
CREATE INDEX "notifications_business_recipient_idx" ON "notifications" USING btree ("business_id","recipient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_provider_message_unique" ON "notifications" USING btree ("provider","provider_message_id") WHERE "notifications"."provider_message_id" is not null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_language_known" CHECK ("notifications"."language" in ('fr', 'en'));