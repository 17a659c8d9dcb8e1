ALTER TABLE "prospects" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "prospects" ADD CONSTRAINT "prospects_locale_known" CHECK ("prospects"."locale" in ('fr', 'en'));