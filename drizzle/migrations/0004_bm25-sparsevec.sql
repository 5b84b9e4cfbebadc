CREATE TABLE "term_stats" (
	"project_id" uuid NOT NULL,
	"term" text NOT NULL,
	"df" integer NOT NULL,
	CONSTRAINT "term_stats_project_id_term_pk" PRIMARY KEY("project_id","term")
);
--> statement-breakpoint
ALTER TABLE "chunks" ADD COLUMN "lexical" sparsevec(1048576);--> statement-breakpoint
CREATE INDEX "chunks_lexical_hnsw" ON "chunks" USING hnsw ("lexical" sparsevec_ip_ops);