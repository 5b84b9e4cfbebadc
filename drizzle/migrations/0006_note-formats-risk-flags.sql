ALTER TABLE "notes" ADD COLUMN "format" text DEFAULT 'legacy' NOT NULL;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "kind" text DEFAULT 'progress' NOT NULL;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "risk_flags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "risk_acknowledged_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "risk_acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notes" ADD COLUMN "author_user_id" uuid;