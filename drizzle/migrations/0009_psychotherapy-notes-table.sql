CREATE TABLE "psychotherapy_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_user_id" uuid,
	"sections" jsonb NOT NULL,
	"format" text DEFAULT 'legacy' NOT NULL,
	"risk_flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"risk_acknowledged_by_user_id" uuid,
	"risk_acknowledged_at" timestamp with time zone,
	"model_id" text NOT NULL,
	"generation_ms" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"approved_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "psychotherapy_notes" ADD CONSTRAINT "psychotherapy_notes_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psychotherapy_notes" ADD CONSTRAINT "psychotherapy_notes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psychotherapy_notes" ADD CONSTRAINT "psychotherapy_notes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psychotherapy_notes" ADD CONSTRAINT "psychotherapy_notes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "psychotherapy_notes_author" ON "psychotherapy_notes" USING btree ("organization_id","author_user_id","patient_id");--> statement-breakpoint
-- Psychotherapy notes (HIPAA 45 CFR 164.501) move out of "notes" into their own table, every row kept
-- (same id, author, status, timestamps). A row without an author takes its session's clinician; one with
-- neither stays authorless, visible to nobody, as it was. The count check aborts the migration (and so
-- the transaction) rather than drop a row that did not arrive.
INSERT INTO "psychotherapy_notes" ("id", "session_id", "organization_id", "project_id", "patient_id", "author_user_id", "sections", "format", "risk_flags", "risk_acknowledged_by_user_id", "risk_acknowledged_at", "model_id", "generation_ms", "status", "approved_by_user_id", "created_at", "updated_at")
SELECT n."id", n."session_id", s."organization_id", s."project_id", n."patient_id", coalesce(n."author_user_id", s."clinician_user_id"), n."sections", n."format", n."risk_flags", n."risk_acknowledged_by_user_id", n."risk_acknowledged_at", n."model_id", n."generation_ms", n."status", n."approved_by_user_id", n."created_at", n."updated_at"
FROM "notes" n JOIN "sessions" s ON s."id" = n."session_id"
WHERE n."kind" = 'psychotherapy';--> statement-breakpoint
DO $$
BEGIN
  IF (SELECT count(*) FROM "notes" WHERE "kind" = 'psychotherapy') <> (SELECT count(*) FROM "psychotherapy_notes" p WHERE EXISTS (SELECT 1 FROM "notes" n WHERE n."id" = p."id")) THEN
    RAISE EXCEPTION 'psychotherapy notes were not all moved';
  END IF;
END $$;--> statement-breakpoint
DELETE FROM "notes" WHERE "kind" = 'psychotherapy';--> statement-breakpoint
ALTER TABLE "notes" DROP COLUMN "kind";