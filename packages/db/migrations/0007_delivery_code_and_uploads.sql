ALTER TYPE "public"."delivery_event_type" ADD VALUE 'code_locked';--> statement-breakpoint
ALTER TYPE "public"."delivery_event_type" ADD VALUE 'code_released';--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"delivery_id" uuid,
	"courier_id" uuid,
	"uploaded_by" uuid,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uploads_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "uploads_size_positive" CHECK ("uploads"."size_bytes" > 0)
);
--> statement-breakpoint
ALTER TABLE "businesses" ALTER COLUMN "settings" SET DEFAULT '{"aiEnabled":true,"autoReply":false,"autoReplyMinConfidence":0.85,"deliveryFee":0,"pickup":null,"dispatch":{"offerTtlSeconds":45,"maxRadiusKm":10,"maxRounds":5,"photoProofAllowed":false}}'::jsonb;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "otp_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "otp_locked_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "proof_waived_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "proof_upload_id" uuid;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_courier_id_couriers_id_fk" FOREIGN KEY ("courier_id") REFERENCES "public"."couriers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploads_business_delivery_idx" ON "uploads" USING btree ("business_id","delivery_id");--> statement-breakpoint
ALTER TABLE "deliveries" DROP COLUMN "otp_hash";--> statement-breakpoint
ALTER TABLE "deliveries" DROP COLUMN "proof_photo_url";--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_otp_failures_non_negative" CHECK ("deliveries"."otp_failures" >= 0);