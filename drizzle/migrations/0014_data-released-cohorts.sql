CREATE TABLE "data_released_cohorts" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"family" text NOT NULL,
	"keys" text[] NOT NULL,
	"released_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_released_cohorts" ADD CONSTRAINT "data_released_cohorts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_released_cohorts_scope" ON "data_released_cohorts" USING btree ("organization_id","source_id","seq");