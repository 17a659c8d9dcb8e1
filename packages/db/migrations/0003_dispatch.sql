ALTER TABLE "couriers" ADD COLUMN "cash_handed_over" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_events" ADD COLUMN "client_action_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_events_courier_action_unique" ON "delivery_events" USING btree ("courier_id","client_action_id") WHERE "delivery_events"."client_action_id" is not null;--> statement-breakpoint
ALTER TABLE "couriers" ADD CONSTRAINT "couriers_cash_handed_over_non_negative" CHECK ("couriers"."cash_handed_over" >= 0);