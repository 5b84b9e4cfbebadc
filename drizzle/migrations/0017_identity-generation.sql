CREATE TABLE "identity_generation" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "identity_generation" ("id", "n") VALUES (1, 0);
--> statement-breakpoint
-- Every statement that changes who may do what bumps the generation, in its own transaction: the
-- in-process caches of API keys, users and projects (drizzle/src/repos/identity-cache.ts) are valid
-- while it is unchanged, whichever process or connection wrote. An API key's last use is no such change.
-- The notification reaches the embedded database's one process with the commit (PGlite), which then need not read n.
CREATE OR REPLACE FUNCTION rounds_identity_changed() RETURNS trigger AS $$
BEGIN
  UPDATE identity_generation SET n = n + 1 WHERE id = 1;
  PERFORM pg_notify('rounds_identity', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER api_keys_identity_generation AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF organization_id, user_id, role, project_id, name, prefix, key_hash, revoked_at, created_at ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION rounds_identity_changed();
--> statement-breakpoint
CREATE TRIGGER users_identity_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION rounds_identity_changed();
--> statement-breakpoint
CREATE TRIGGER projects_identity_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION rounds_identity_changed();
--> statement-breakpoint
CREATE TRIGGER organizations_identity_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION rounds_identity_changed();
