import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { AppContext } from "../app/app-context.ts";
import { listAnswerableDocuments } from "./list-answerable-documents.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { isOperator } from "../commands/command-origin.ts";
import { resolveSourceArgument, type SourceRules } from "../commands/source-argument.ts";
import { splitArguments } from "../commands/split-arguments.ts";
import { RoundsError } from "../errors/index.ts";
import { findPatient } from "../identity/find-patient.ts";
import type { CommandInvocation, MessageBlock } from "../ports/index.ts";
import { filesUnder } from "./files-under.ts";
import { ingestFile, uploaderRoles } from "./ingest-file.ts";
import { readIngestManifest } from "./ingest-manifest.ts";
import { readLocalFile } from "./read-local-file.ts";
import { documentState } from "./document-lifecycle.ts";
import { resolveDocumentId } from "./resolve-document-id.ts";
import type { DocumentRecord } from "./knowledge-repository.ts";
import { type DocumentAction, reviewDocument } from "./review-document.ts";

const describe = (d: DocumentRecord): string => {
  const score = d.classifierScore != null ? `, relevance ${d.classifierScore.toFixed(2)}` : "";
  const failure = d.status === "failed" ? ` (${d.failedStep}: ${d.failureReason})` : "";
  return `${d.title} [${d.status}${d.indexState === "indexed" ? ", indexed" : ""}${score}] v${d.version} ${d.id}${failure}`;
};

const reviewButtons = (d: DocumentRecord): MessageBlock[] =>
  d.status === "pending" || d.status === "irrelevant"
    ? [{ type: "actions", buttons: [
      { actionId: "docs.approve", label: "Approve", value: d.id, style: "primary" },
      { actionId: "docs.reject", label: "Reject", value: d.id, style: "danger" },
    ] }]
    : d.status === "failed" ? [{ type: "actions", buttons: [{ actionId: "docs.retry", label: "Retry", value: d.id }] }] : [];

/**
 * `--patient <id|reference>` and `--visibility private|public`, taken out of
 * the arguments; the rest is the path. A patient named by reference must be
 * exactly one of the organisation's patients.
 */
export async function patientOptions(app: AppContext, organizationId: string, args: string): Promise<{ rest: string; options: { patientId?: string; visibility?: "public" | "private" } }> {
  const options: { patientId?: string; visibility?: "public" | "private" } = {};
  let rest = args;
  const patient = /(?:^|\s)--patient(?:=|\s+)(\S+)/.exec(rest);
  if (/(?:^|\s)--patient\s*$/.test(rest)) throw new RoundsError("BAD_REQUEST", "--patient needs a patient id or reference.");
  if (patient) {
    rest = rest.replace(patient[0], " ");
    options.patientId = (await findPatient(app, organizationId, patient[1]!)).id;
  }
  const visibility = /(?:^|\s)--visibility(?:=|\s+)(\S+)/.exec(rest);
  if (visibility) {
    if (visibility[1] !== "private" && visibility[1] !== "public") throw new RoundsError("BAD_REQUEST", "--visibility is private or public.");
    options.visibility = visibility[1];
    rest = rest.replace(visibility[0], " ");
  } else if (/(?:^|\s)--visibility\s*$/.test(rest)) throw new RoundsError("BAD_REQUEST", "--visibility is private or public.");
  return { rest, options };
}

type IngestOptions = { patientId?: string; visibility?: "public" | "private" };

/**
 * The files one `ingest` reads, each with its patient and visibility: from
 * `--manifest <csv>` (a line per file, the whole manifest checked before any
 * file is read), or from the paths given, all with the one `--patient` and
 * `--visibility`.
 */
async function ingestTargets(app: AppContext, invocation: CommandInvocation, rules: SourceRules): Promise<Array<{ path: string; options: IngestOptions }>> {
  const { actor } = invocation;
  const manifest = /(?:^|\s)--manifest(?:=|\s+)("[^"]+"|\S+)/.exec(invocation.args);
  if (/(?:^|\s)--manifest\s*$/.test(invocation.args)) throw new RoundsError("BAD_REQUEST", "--manifest needs a CSV file (columns path, patient, visibility).");
  if (manifest) {
    const rest = invocation.args.replace(manifest[0], " ");
    if (rest.trim()) throw new RoundsError("BAD_REQUEST", "--manifest names every file with its patient and visibility: give no other paths, --patient or --visibility with it.");
    const listed = await readIngestManifest(app, invocation, manifest[1]!.replace(/^"(.*)"$/, "$1"), rules);
    return listed.map(({ path, patientId, visibility }) => ({ path, options: { ...(patientId ? { patientId } : {}), ...(visibility ? { visibility } : {}) } }));
  }
  const scope = await patientOptions(app, actor.organizationId, invocation.args);
  const args = scope.rest;
  if (!args.trim()) throw new RoundsError("BAD_REQUEST", "Usage: ingest <file|folder> [more paths…], or ingest --manifest <file.csv>");
  const operator = isOperator(invocation);
  // The operator's whole text first (an unquoted path with spaces), else several paths, quoted where they have spaces.
  // Remote callers' words are never looked up before the gate, so the server's file system answers nothing for them.
  const whole = args.trim();
  const wholePath = whole.replace(/^file:\/\//i, "");
  const targets = operator && (await stat(resolve(wholePath)).catch(() => undefined)) ? [whole] : splitArguments(args);
  const files: Array<{ path: string; options: IngestOptions }> = [];
  for (const target of targets) {
    const source = await resolveSourceArgument(invocation, target, rules);
    if (source.kind !== "file") throw new RoundsError("BAD_REQUEST", "Usage: ingest <file|folder> [more paths…]");
    // The operator sees the path as given; remote callers only the name they sent.
    for (const path of await filesUnder(source.path, operator ? source.path : target.slice(0, 120))) files.push({ path, options: scope.options });
  }
  return files;
}

export const ingestCommand: BuiltinCommand = {
  contribution: {
    id: "ingest", title: "Add documents", roles: [...uploaderRoles], usage: "ingest <file|folder|file:// URL> [more paths…] [--patient <id|reference>] [--visibility private|public] | ingest --manifest <file.csv> (quote a path with spaces: \"my file.pdf\")",
    description: "Reads files, or every file in folders, on the server into the knowledge base (each one is parsed, checked for relevance and waits for approval). Session transcripts need --patient unless the project shares transcripts as teaching material. For a batch of several patients, --manifest names a CSV with the columns path, patient and visibility (one file or folder a line, paths relative to the manifest); the whole manifest is checked first and any bad line refuses it, naming the line, with nothing ingested. Any path from the CLI; from the API or a chat only names inside the operator's import folder (imports.folder).",
  },
  create: (app) => ({
    async run(invocation) {
      const { actor, projectId, progress } = invocation;
      const rules = {
        what: "file or folder", ...(app.config.imports.folder ? { folder: { path: app.config.imports.folder, called: "import folder" } } : {}),
        sendInstead: "Upload the file instead (POST /v1/projects/<id>/documents, the admin page, or drop it in an admin channel)",
      };
      const files = await ingestTargets(app, invocation, rules);
      const sourceChannel = invocation.conversation?.channel ?? invocation.origin ?? "cli";
      const results: Array<{ file: string; documentId?: string; status: string; deduplicated?: boolean; error?: string }> = [];
      for (const [i, { path: file, options }] of files.entries()) {
        progress?.(`Reading ${basename(file)} (${i + 1}/${files.length})`, i / files.length);
        try {
          const bytes = await readLocalFile(app, file, basename(file));
          const r = await ingestFile(app, { actor, projectId, fileName: basename(file), bytes, sourceChannel, ...options });
          results.push({ file: basename(file), documentId: r.document.id, status: r.document.status, deduplicated: r.deduplicated });
        } catch (e) {
          // One bad file does not stop the batch.
          results.push({ file: basename(file), status: "refused", error: e instanceof RoundsError ? e.message : "unexpected error" });
        }
      }
      const accepted = results.filter((r) => r.documentId && !r.deduplicated).length;
      const lines = results.map((r) => `• ${r.file}: ${r.error ? `refused, ${r.error}` : r.deduplicated ? "already in the knowledge base" : "accepted"}`);
      return {
        blocks: [{ type: "text", text: `${accepted} of ${files.length} file(s) accepted for processing.\n${lines.join("\n")}` }],
        data: results,
        failed: results.some((r) => r.error),
        documents: results.flatMap((r) => (r.documentId && !r.deduplicated ? [r.documentId] : [])),
      };
    },
  }),
};

/** The documents an approve or retry set going (processing or indexing), for a caller to follow to their outcome. */
const inMotion = (docs: DocumentRecord[]): string[] => docs.filter((d) => ["processing", "queued", "indexing"].includes(documentState(d))).map((d) => d.id);

export const docsCommand: BuiltinCommand = {
  contribution: {
    id: "docs", title: "Documents", roles: ["admin"], usage: "docs list [status] | docs show|retry <id> | docs approve|reject|delete <id> [more ids…] | docs approve|reject --all-pending",
    description: "Lists documents and their state; shows or retries one; approves, rejects or deletes several at once. Ids may be shortened to their first 8 characters.",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const [sub = "list", arg] = args.trim().split(/\s+/).filter(Boolean);
      const scope = { organizationId: actor.organizationId, projectId, reader: { userId: actor.userId } };
      if (sub === "list") {
        const statuses = ["processing", "pending", "approved", "rejected", "irrelevant", "failed"] as const;
        const status = statuses.find((s) => s === arg);
        if (arg && !status) throw new RoundsError("BAD_REQUEST", `Unknown status "${arg.slice(0, 20)}". Use one of: ${statuses.join(", ")}.`);
        const docs = await app.store.knowledge.listDocuments(scope, status ? { status } : {});
        const counts = await app.store.knowledge.countByStatus(scope);
        const summary = Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(", ") || "no documents yet";
        return { blocks: [{ type: "text", text: `${summary}\n${docs.map((d) => `• ${describe(d)}`).join("\n")}`.trim() }], data: docs };
      }
      const words = args.trim().split(/\s+/).filter(Boolean).slice(1);
      const actions: DocumentAction[] = ["approve", "reject", "delete", "retry"];
      const action = actions.find((a) => a === sub);
      // An unknown subcommand is named as such, before any id is asked for.
      if (!action && sub !== "show") throw new RoundsError("BAD_REQUEST", `Unknown docs subcommand "${sub.slice(0, 20)}". Use list, show, approve, reject, delete or retry.`);
      if (!arg) throw new RoundsError("BAD_REQUEST", `Usage: docs ${sub.slice(0, 20)} <document id>`);
      const resolveId = (given: string): Promise<string> => resolveDocumentId(app, scope, given);
      if (sub === "show") {
        const doc = await app.store.knowledge.getDocument(scope, await resolveId(arg));
        if (!doc || doc.deletedAt) throw new RoundsError("NOT_FOUND", "No such document in this project.");
        const chunks = doc.indexState === "indexed" ? (await app.store.knowledge.listChunks(scope, doc.id)).length : 0;
        const reason = doc.classifierReason ? `\nRelevance: ${doc.classifierReason}` : "";
        return { blocks: [{ type: "text", text: `${describe(doc)}\n${doc.fileName}, ${doc.mediaType}, ${doc.sizeBytes} bytes${doc.pageCount ? `, ${doc.pageCount} pages` : ""}, ${chunks} chunks${reason}` }, ...reviewButtons(doc)], data: { ...doc, chunks } };
      }
      if (!action) throw new RoundsError("BAD_REQUEST", `Unknown docs subcommand "${sub.slice(0, 20)}". Use list, show, approve, reject, delete or retry.`);
      const said = { approve: "Approved; indexing now", reject: "Rejected", delete: "Deleted (kept for training, no longer answered from)", retry: "Retrying" }[action];
      if (action === "retry" || (words.length === 1 && words[0] !== "--all-pending")) {
        const doc = await reviewDocument(app, { actor, projectId, documentId: await resolveId(arg), action });
        return { blocks: [{ type: "text", text: `${said}: ${doc.title}.` }], data: doc, documents: inMotion([doc]) };
      }
      // Several at once: the ids given, or every pending document (approve/reject). Each one succeeds or says why not.
      let ids: string[];
      if (words.includes("--all-pending")) {
        if (action === "delete") throw new RoundsError("BAD_REQUEST", "--all-pending works with approve and reject.");
        ids = (await app.store.knowledge.listDocuments(scope, { status: "pending", limit: 10_000 })).map((d) => d.id);
      } else {
        ids = words;
      }
      const done: DocumentRecord[] = [];
      const refused: string[] = [];
      for (const given of ids) {
        try {
          done.push(await reviewDocument(app, { actor, projectId, documentId: await resolveId(given), action }));
        } catch (error) {
          if (!(error instanceof RoundsError)) throw error;
          refused.push(`• ${given.slice(0, 36)}: ${error.message}`);
        }
      }
      const text = [`${said}: ${done.length} of ${ids.length} document(s).`, ...done.map((d) => `• ${d.title}`), ...refused].join("\n");
      return { blocks: [{ type: "text", text }], data: { done, refused: refused.length }, failed: refused.length > 0, documents: inMotion(done) };
    },
  }),
};

/** Commands this domain contributes to every channel. */
/** `documents`: what questions here may draw on, as the caller sees it (every role; `docs` is the admin's full view). */
export const documentsCommand: BuiltinCommand = {
  contribution: {
    id: "documents", title: "Documents answers draw on", roles: ["admin", "clinician", "patient", "auditor"], usage: "documents",
    description: "The approved documents of this knowledge base the caller's questions may draw on (a patient: general knowledge and their own sessions). Audited.",
  },
  create: (app) => ({
    async run({ actor, projectId, visibility }) {
      const docs = await listAnswerableDocuments(app, actor, { projectId, visibility });
      const lines = docs.map((d) => `• ${d.title} (${d.kind}${d.pageCount ? `, ${d.pageCount} pages` : ""}${d.patientMaterial ? ", patient material" : ""}) ${d.id}`);
      return { blocks: [{ type: "text", text: lines.join("\n") || "No approved documents yet." }], data: docs };
    },
  }),
};

export const ingestCommands: BuiltinCommand[] = [ingestCommand, docsCommand, documentsCommand];
