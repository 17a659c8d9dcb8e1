ALTER TABLE "prospects" ADD COLUMN "wa_user_id" text;--> statement-breakpoint
ALTER TABLE "prospects" ADD COLUMN "username" text;--> statement-breakpoint
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_business_wa_user_id_unique" UNIQUE("business_id","wa_user_id");