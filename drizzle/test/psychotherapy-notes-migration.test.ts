// The migration that moves psychotherapy notes (HIPAA 45 CFR 164.501) out of
// `notes` into `psychotherapy_notes`, on PGlite and PostgreSQL: a store is
// migrated to the schema before it, seeded there with progress and
// psychotherapy notes, then migrated; every psychotherapy row arrives intact
// in its own table, none stays in `notes`, and progress notes do not move.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase, type DatabaseHandle } from "../src/index.ts";
import { createStore } from "../src/repos/index.ts";
import { databaseTargets } from "./targets.ts";

const MIGRATION = "psychotherapy-notes-table";

/** A copy of the migrations folder that stops just before this migration. */
function previousSchemaFolder(): string {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag.endsWith(`_${MIGRATION}`));
  if (at < 1) throw new Error(`migration ${MIGRATION} not found in the journal`);
  const dir = mkdtempSync(join(tmpdir(), "rounds-migrations-"));
  mkdirSync(join(dir, "meta"));
  const entries = journal.entries.slice(0, at);
  for (const e of entries) cpSync(join(migrationsFolder, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  return dir;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

for (const target of databaseTargets()) {
  describe(`the psychotherapy-notes migration on ${target.name}`, () => {
    let handle: DatabaseHandle | undefined;
    const folder = previousSchemaFolder();
    afterAll(async () => {
      await handle?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it("moves every psychotherapy note out of notes into its own table, intact, and leaves progress notes where they were", async () => {
      handle = await openDatabase(await target.open());
      const db = handle.db;
      if (handle.kind === "pglite") await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: folder });
      else await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder: folder });
      const before = rowsOf<{ column_name: string }>(await db.execute(sql`select column_name from information_schema.columns where table_name = 'notes' and column_name = 'kind'`));
      expect(before).toHaveLength(1);
      expect(rowsOf(await db.execute(sql`select 1 from information_schema.tables where table_name = 'psychotherapy_notes'`))).toHaveLength(0);

      const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q))[0]!;
      const org = await one<{ id: string }>(sql`insert into organizations (slug, name) values ('mig-org', 'Clinic') returning id`);
      const project = await one<{ id: string }>(sql`insert into projects (organization_id, slug, name, profile) values (${org.id}, 'p', 'P', '{}'::jsonb) returning id`);
      const patient = await one<{ id: string }>(sql`insert into patients (organization_id, display_name) values (${org.id}, 'Patient M') returning id`);
      const author = await one<{ id: string }>(sql`insert into users (organization_id, role, display_name) values (${org.id}, 'clinician', 'Author') returning id`);
      const session = await one<{ id: string }>(sql`insert into sessions (organization_id, project_id, patient_id, clinician_user_id, status) values (${org.id}, ${project.id}, ${patient.id}, ${author.id}, 'transcribed') returning id`);
      const sections = [{ key: "goals", title: "Goals", text: "Process: guilt toward the sister; explore next time.", risk: [] }];
      const insertNote = (kind: string, authorId: string | null, status: string) => one<{ id: string }>(sql`
        insert into notes (session_id, organization_id, patient_id, sections, format, kind, risk_flags, author_user_id, model_id, generation_ms, status, approved_by_user_id, created_at)
        values (${session.id}, ${org.id}, ${patient.id}, ${JSON.stringify(sections)}::jsonb, 'girp', ${kind}, '[]'::jsonb, ${authorId}, 'extractive', 12, ${status},
          ${status === "approved" ? authorId : null}, '2026-01-02T03:04:05Z') returning id`);
      const progress = await insertNote("progress", author.id, "approved");
      const process = await insertNote("psychotherapy", author.id, "approved");
      const authorless = await insertNote("psychotherapy", null, "draft");

      await handle.migrate();

      const moved = rowsOf<{ id: string; session_id: string; organization_id: string; project_id: string; patient_id: string; author_user_id: string | null; sections: unknown; format: string; status: string; approved_by_user_id: string | null; model_id: string; generation_ms: number; created_at: Date | string }>(
        await db.execute(sql`select * from psychotherapy_notes order by created_at, id`));
      expect(moved.map((r) => r.id).sort()).toEqual([process.id, authorless.id].sort());
      const movedProcess = moved.find((r) => r.id === process.id)!;
      expect(movedProcess).toMatchObject({ session_id: session.id, organization_id: org.id, project_id: project.id, patient_id: patient.id, author_user_id: author.id, format: "girp", status: "approved", approved_by_user_id: author.id, model_id: "extractive", generation_ms: 12 });
      expect(typeof movedProcess.sections === "string" ? JSON.parse(movedProcess.sections) : movedProcess.sections).toEqual(sections);
      expect(new Date(movedProcess.created_at).toISOString()).toBe("2026-01-02T03:04:05.000Z");
      // A row with no author takes its session's clinician.
      expect(moved.find((r) => r.id === authorless.id)!.author_user_id).toBe(author.id);
      const left = rowsOf<{ id: string }>(await db.execute(sql`select id from notes`));
      expect(left.map((r) => r.id)).toEqual([progress.id]);
      expect(rowsOf(await db.execute(sql`select column_name from information_schema.columns where table_name = 'notes' and column_name = 'kind'`))).toHaveLength(0);

      // Through the repository: the moved note is its author's, and no longer a progress note.
      const notes = createStore(handle).notes;
      expect(await notes.getNote({ organizationId: org.id }, process.id)).toBeUndefined();
      expect(await notes.getPsychotherapyNote({ organizationId: org.id, authorUserId: author.id }, process.id)).toMatchObject({ id: process.id, kind: "psychotherapy", projectId: project.id, status: "approved" });
      const other = await one<{ id: string }>(sql`insert into users (organization_id, role, display_name) values (${org.id}, 'clinician', 'Other') returning id`);
      expect(await notes.getPsychotherapyNote({ organizationId: org.id, authorUserId: other.id }, process.id)).toBeUndefined();
      expect(await notes.listPsychotherapyNotes({ organizationId: org.id, authorUserId: other.id }, {})).toEqual([]);
      expect((await notes.listNotes(org.id, {})).map((n) => n.id)).toEqual([progress.id]);
    }, 120_000);
  });
}
