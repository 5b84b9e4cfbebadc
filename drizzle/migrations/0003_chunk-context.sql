ALTER TABLE "chunks" ADD COLUMN "context" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "chunks" drop column "tsv";--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "context" || ' ' || "text")) STORED;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "chunks_tsv" ON "chunks" USING gin ("tsv");
