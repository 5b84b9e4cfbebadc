ALTER TABLE "documents" ADD COLUMN "sensitivity" text DEFAULT 'ordinary' NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "custodian_user_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_custodian_user_id_users_id_fk" FOREIGN KEY ("custodian_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Transcripts that are already the source of a psychotherapy note get its protection, with the earliest such note's author as custodian.
UPDATE "documents" d SET "sensitivity" = 'psychotherapy', "custodian_user_id" = src.author_user_id
FROM (
  SELECT DISTINCT ON (s.document_id) s.document_id, p.author_user_id
  FROM "psychotherapy_notes" p JOIN "sessions" s ON s.id = p.session_id AND s.organization_id = p.organization_id
  WHERE s.document_id IS NOT NULL
  ORDER BY s.document_id, p.created_at, p.id
) src
WHERE d.id = src.document_id;
