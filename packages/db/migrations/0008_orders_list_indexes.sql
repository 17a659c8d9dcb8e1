-- orders.list walks (business_id, created_at, id) backwards and stops at its LIMIT; the lines of
-- an order come in the order they were added. The new indexes cover what the old ones served.
CREATE INDEX "orders_business_created_id_idx" ON "orders" USING btree ("business_id","created_at","id");--> statement-breakpoint
CREATE INDEX "order_items_order_created_idx" ON "order_items" USING btree ("order_id","created_at","id");--> statement-breakpoint
DROP INDEX "order_items_order_idx";--> statement-breakpoint
DROP INDEX "orders_business_created_idx";
