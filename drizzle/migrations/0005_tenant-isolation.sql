CREATE TABLE "workspace_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"workspace_id" text NOT NULL,
	"proof" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Sessions opened before this release know neither their key nor their role: they end (people log in again).
DELETE FROM "admin_sessions";--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD COLUMN "api_key_id" uuid;--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD COLUMN "role" text NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_claims" ADD CONSTRAINT "workspace_claims_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workspace_claims_ws" ON "workspace_claims" USING btree ("channel","workspace_id");--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Workspaces already used by exactly one organisation (bindings and linked accounts) are claimed by it;
-- a workspace two organisations already share stays unclaimed until the operator or the installation settles it.
INSERT INTO "workspace_claims" ("organization_id", "channel", "workspace_id", "proof")
SELECT min(u.organization_id::text)::uuid, u.channel, u.workspace_id, 'existing'
FROM (
  SELECT organization_id, channel, workspace_id FROM "channel_bindings"
  UNION SELECT organization_id, channel, workspace_id FROM "channel_identities"
) u
GROUP BY u.channel, u.workspace_id
HAVING count(DISTINCT u.organization_id) = 1;
