-- products.list walks the index of its order (newest, name) and stops at its LIMIT, instead of
-- sorting the whole catalog of the business (docs/benchmarks.md).
CREATE INDEX "products_business_created_id_idx" ON "products" USING btree ("business_id","created_at","id");--> statement-breakpoint
CREATE INDEX "products_business_name_id_idx" ON "products" USING btree ("business_id","name","id");--> statement-breakpoint
DROP INDEX "products_business_created_idx";
