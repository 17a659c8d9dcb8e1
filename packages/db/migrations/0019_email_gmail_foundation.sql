CREATE TABLE "email_oauth_states" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_hash" text NOT NULL,
	"code_verifier_encrypted" text NOT NULL,
	"session_id" text NOT NULL,
	"business_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" "email_provider" NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"import_days" integer DEFAULT 30 NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_oauth_states_state_hash_unique" UNIQUE("state_hash")
);
--> statement-breakpoint
ALTER TABLE "email_accounts" ALTER COLUMN "access_token_encrypted" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "shared" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "scopes" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "import_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "import_status" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "import_since" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "import_listed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "import_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "import_page_token" text;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "resync_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "last_resync_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "sync_claimed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "sync_claim" uuid;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "sync_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "last_sync_error" text;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "watch_expires_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "direction" text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "from_name" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "cc_addresses" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "message_id_header" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "in_reply_to" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "label_ids" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "size_bytes" integer;--> statement-breakpoint
ALTER TABLE "email_oauth_states" ADD CONSTRAINT "email_oauth_states_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_oauth_states" ADD CONSTRAINT "email_oauth_states_business_id_businesses_id_fk" FOREIGN KEY ("business_id") REFERENCES "public"."businesses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_oauth_states" ADD CONSTRAINT "email_oauth_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_oauth_states_expires_idx" ON "email_oauth_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "email_accounts_address_idx" ON "email_accounts" USING btree ("address");--> statement-breakpoint
CREATE INDEX "emails_account_thread_idx" ON "emails" USING btree ("email_account_id","thread_id");--> statement-breakpoint
ALTER TABLE "email_accounts" ADD CONSTRAINT "email_accounts_status_known" CHECK ("email_accounts"."status" in ('active', 'reconnect_needed', 'disconnected'));--> statement-breakpoint
ALTER TABLE "email_accounts" ADD CONSTRAINT "email_accounts_import_status_known" CHECK ("email_accounts"."import_status" in ('pending', 'running', 'done'));--> statement-breakpoint
ALTER TABLE "email_accounts" ADD CONSTRAINT "email_accounts_import_days_range" CHECK ("email_accounts"."import_days" between 1 and 365);--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_direction_known" CHECK ("emails"."direction" in ('inbound', 'outbound'));