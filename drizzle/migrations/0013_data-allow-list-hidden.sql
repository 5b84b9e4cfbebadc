CREATE TABLE "data_allow_list_hidden" (
	"organization_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"relation" text NOT NULL,
	"column_name" text DEFAULT '' NOT NULL,
	"hidden_by_user_id" text,
	"hidden_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_allow_list_hidden_organization_id_source_id_relation_column_name_pk" PRIMARY KEY("organization_id","source_id","relation","column_name")
);
--> statement-breakpoint
ALTER TABLE "data_allow_list_hidden" ADD CONSTRAINT "data_allow_list_hidden_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;