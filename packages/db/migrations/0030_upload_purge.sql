-- Uploads are purged (issue: uploads never purged). A deleted upload row, whatever deleted it (the
-- purge, or a cascade from its delivery, conversation or business), queues its storage key in
-- storage_deletions; the uploads.purge job deletes the bytes through the storage interface.
CREATE TABLE "storage_deletions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"storage_key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storage_deletions_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "kept_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "storage_deletions_due_idx" ON "storage_deletions" USING btree ("attempts","created_at");--> statement-breakpoint
CREATE INDEX "uploads_unkept_created_idx" ON "uploads" USING btree ("created_at") WHERE "uploads"."kept_at" is null;--> statement-breakpoint
CREATE OR REPLACE FUNCTION flux_upload_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO storage_deletions (storage_key) VALUES (OLD.storage_key)
  ON CONFLICT (storage_key) DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER uploads_deleted AFTER DELETE ON uploads
  FOR EACH ROW EXECUTE FUNCTION flux_upload_deleted();
