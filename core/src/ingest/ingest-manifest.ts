import { readFile, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import type { AppContext } from "../app/app-context.ts";
import { isOperator } from "../commands/command-origin.ts";
import { resolveSourceArgument, type SourceRules } from "../commands/source-argument.ts";
import { RoundsError } from "../errors/index.ts";
import type { CommandInvocation } from "../ports/index.ts";
import { filesUnder } from "./files-under.ts";
import { checkUpload } from "./ingest-file.ts";
import { peekLocalFile } from "./read-local-file.ts";

/** One file of a manifest, checked: where it came from (the manifest's line), and whose it is. */
export interface ManifestFile {
  line: number;
  path: string;
  patientId?: string;
  visibility?: "public" | "private";
}

const columns = ["path", "patient", "visibility"] as const;
const maxManifestBytes = 1024 * 1024;
/** How many refused lines the error lists (the count says how many there were). */
const shownProblems = 20;

/**
 * Records of a CSV text (RFC 4180: commas, double-quoted fields with `""`
 * inside, CRLF or LF), each with the line it starts on. Blank lines are
 * skipped.
 */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  const end = () => {
    fields.push(field);
    if (touched || fields.length > 1 || field.trim()) records.push({ line: start, fields });
    fields = [];
    field = "";
    touched = false;
  };
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === "\"" && body[i + 1] === "\"") {
        field += "\"";
        i++;
      } else if (c === "\"") {
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === "\"" && field === "") {
      quoted = true;
      touched = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      touched = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      end();
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new RoundsError("BAD_REQUEST", `The manifest has a quoted field that never ends (from line ${start}).`);
  end();
  return records;
}

/**
 * Reads and checks a whole ingest manifest before anything is ingested: a
 * CSV with a header naming `path` and optionally `patient` (a patient id or
 * reference) and `visibility` (private or public), one file or folder per
 * line. Every line is checked as an upload would be (the file exists and is
 * readable as a document, its patient exists and consented, a transcript has
 * a patient); any problem refuses the whole manifest, listing each line, and
 * nothing is ingested. The operator's relative paths are relative to the
 * manifest's folder; remote callers' name entries of the import folder, like
 * `ingest <path>`.
 */
export async function readIngestManifest(app: AppContext, invocation: CommandInvocation, manifestArg: string, rules: SourceRules): Promise<ManifestFile[]> {
  const { actor, projectId } = invocation;
  const operator = isOperator(invocation);
  const source = await resolveSourceArgument(invocation, manifestArg, { ...rules, what: "manifest" });
  if (source.kind !== "file") throw new RoundsError("BAD_REQUEST", "--manifest names a CSV file.");
  const shownManifest = operator ? source.path : basename(manifestArg).slice(0, 120);
  const info = await stat(source.path).catch(() => undefined);
  if (!info?.isFile()) throw new RoundsError("NOT_FOUND", `No manifest file at ${shownManifest}.`);
  if (info.size > maxManifestBytes) throw new RoundsError("PAYLOAD_TOO_LARGE", `The manifest ${shownManifest} is over 1 MB; split it.`);
  const records = parseCsv(await readFile(source.path, "utf8"));
  const header = records.shift();
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (!names.includes("path")) throw new RoundsError("BAD_REQUEST", `The manifest's first line names its columns: path, and optionally patient and visibility (e.g. "path,patient,visibility").`);
  const unknown = names.find((n) => !(columns as readonly string[]).includes(n));
  if (unknown !== undefined) throw new RoundsError("BAD_REQUEST", `The manifest has a column "${unknown.slice(0, 40)}"; its columns are ${columns.join(", ")}.`);
  if (records.length === 0) throw new RoundsError("BAD_REQUEST", "The manifest lists no files.");
  const at = (fields: string[], column: (typeof columns)[number]) => {
    const i = names.indexOf(column);
    return i < 0 ? "" : (fields[i] ?? "").trim();
  };

  const patients = await app.store.identity.listPatients(actor.organizationId);
  const problems: string[] = [];
  const files: ManifestFile[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    const problem = (text: string) => problems.push(`• line ${line}: ${text}`);
    if (fields.length > names.length) {
      problem(`${fields.length} fields, but the header names ${names.length} columns (quote a path with a comma: "a,b.pdf").`);
      continue;
    }
    const given = at(fields, "path");
    const patientRef = at(fields, "patient");
    const visibility = at(fields, "visibility");
    if (!given) {
      problem("no path.");
      continue;
    }
    let patientId: string | undefined;
    if (patientRef) {
      const match = patients.find((p) => p.id === patientRef.toLowerCase() || p.externalRef === patientRef);
      if (!match) problem("no such patient in your organisation.");
      patientId = match?.id;
    }
    if (visibility && visibility !== "private" && visibility !== "public") problem("visibility is private or public (or empty).");
    // The operator's relative paths are relative to the manifest, not to wherever the command runs.
    const relativeToManifest = operator && !isAbsolute(given) && !/^[a-z][a-z\d+.-]+:/i.test(given);
    const shown = given.slice(0, 120);
    let paths: string[];
    try {
      const target = await resolveSourceArgument(invocation, relativeToManifest ? resolve(dirname(source.path), given) : given, rules);
      if (target.kind !== "file") throw new RoundsError("BAD_REQUEST", "a path, not a URL.");
      paths = await filesUnder(target.path, shown);
    } catch (error) {
      if (!(error instanceof RoundsError)) throw error;
      problem(error.message);
      continue;
    }
    if (patientRef && !patientId) continue;
    for (const path of paths) {
      const earlier = seen.get(path);
      if (earlier !== undefined) {
        problem(`${basename(path)} is already listed on line ${earlier}.`);
        continue;
      }
      seen.set(path, line);
      try {
        await checkUpload(app, { actor, projectId, fileName: basename(path), ...(patientId ? { patientId } : {}), ...(await peekLocalFile(path)) });
      } catch (error) {
        if (!(error instanceof RoundsError)) throw error;
        problem(error.message);
        continue;
      }
      files.push({ line, path, ...(patientId ? { patientId } : {}), ...(visibility ? { visibility: visibility as "public" | "private" } : {}) });
    }
  }
  if (problems.length) {
    const more = problems.length > shownProblems ? `\n… and ${problems.length - shownProblems} more.` : "";
    throw new RoundsError("VALIDATION_FAILED", `The manifest was refused, nothing was ingested: ${problems.length} problem(s).\n${problems.slice(0, shownProblems).join("\n")}${more}`, { details: { problems: problems.length } });
  }
  return files;
}
