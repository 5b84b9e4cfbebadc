CREATE TABLE "data_metrics" (
	"organization_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"metric_id" text NOT NULL,
	"definition" jsonb,
	"updated_by_user_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_metrics_organization_id_source_id_metric_id_pk" PRIMARY KEY("organization_id","source_id","metric_id")
);
--> statement-breakpoint
ALTER TABLE "data_metrics" ADD CONSTRAINT "data_metrics_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;