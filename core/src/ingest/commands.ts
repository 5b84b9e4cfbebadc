import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { AppContext } from "../app/app-context.ts";
import type { BuiltinCommand } from "../commands/builtin-command.ts";
import { RoundsError } from "../errors/index.ts";
import type { MessageBlock } from "../ports/index.ts";
import { ingestFile } from "./ingest-file.ts";
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

/** Files under a path: the file itself, or every regular file of a folder (recursively, hidden ones skipped). */
async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new RoundsError("NOT_FOUND", `No file or folder at ${path}.`);
  if (info.isFile()) return [path];
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/**
 * `--patient <id|reference>` and `--visibility private|public`, taken out of
 * the arguments; the rest is the path. A patient named by reference must be
 * exactly one of the organisation's patients.
 */
async function patientOptions(app: AppContext, organizationId: string, args: string): Promise<{ rest: string; options: { patientId?: string; visibility?: "public" | "private" } }> {
  const options: { patientId?: string; visibility?: "public" | "private" } = {};
  let rest = args;
  const patient = /(?:^|\s)--patient(?:=|\s+)(\S+)/.exec(rest);
  if (/(?:^|\s)--patient\s*$/.test(rest)) throw new RoundsError("BAD_REQUEST", "--patient needs a patient id or reference.");
  if (patient) {
    rest = rest.replace(patient[0], " ");
    const ref = patient[1]!;
    const match = /^[0-9a-f-]{36}$/i.test(ref)
      ? await app.store.identity.getPatient(organizationId, ref)
      : (await app.store.identity.listPatients(organizationId)).filter((p) => p.externalRef === ref).at(0);
    if (!match) throw new RoundsError("NOT_FOUND", "No such patient in your organisation.");
    options.patientId = match.id;
  }
  const visibility = /(?:^|\s)--visibility(?:=|\s+)(\S+)/.exec(rest);
  if (visibility) {
    if (visibility[1] !== "private" && visibility[1] !== "public") throw new RoundsError("BAD_REQUEST", "--visibility is private or public.");
    options.visibility = visibility[1];
    rest = rest.replace(visibility[0], " ");
  } else if (/(?:^|\s)--visibility\s*$/.test(rest)) throw new RoundsError("BAD_REQUEST", "--visibility is private or public.");
  return { rest, options };
}

export const ingestCommand: BuiltinCommand = {
  contribution: {
    id: "ingest", title: "Add documents", roles: ["admin"], usage: "ingest <file|folder|file:// URL> [--patient <id|reference>] [--visibility private|public]",
    description: "Reads a local file or every file in a folder into the knowledge base (each one is parsed, checked for relevance and waits for approval). Session transcripts need --patient.",
  },
  create: (app) => ({
    async run({ actor, projectId, args, progress }) {
      const scope = await patientOptions(app, actor.organizationId, args);
      const target = scope.rest.trim().replace(/^file:\/\//, "");
      if (!target) throw new RoundsError("BAD_REQUEST", "Usage: ingest <file|folder>");
      const files = await filesUnder(resolve(target));
      const results: Array<{ file: string; documentId?: string; status: string; deduplicated?: boolean; error?: string }> = [];
      for (const [i, file] of files.entries()) {
        progress?.(`Reading ${basename(file)} (${i + 1}/${files.length})`, i / files.length);
        try {
          const bytes = new Uint8Array(await readFile(file));
          const r = await ingestFile(app, { actor, projectId, fileName: basename(file), bytes, sourceChannel: "cli", ...scope.options });
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
      };
    },
  }),
};

export const docsCommand: BuiltinCommand = {
  contribution: {
    id: "docs", title: "Documents", roles: ["admin"], usage: "docs list [status] | docs show|approve|reject|delete|retry <id>",
    description: "Lists documents and their state; approves, rejects, deletes or retries one.",
  },
  create: (app) => ({
    async run({ actor, projectId, args }) {
      const [sub = "list", arg] = args.trim().split(/\s+/).filter(Boolean);
      const scope = { organizationId: actor.organizationId, projectId };
      if (sub === "list") {
        const statuses = ["processing", "pending", "approved", "rejected", "irrelevant", "failed"] as const;
        const status = statuses.find((s) => s === arg);
        if (arg && !status) throw new RoundsError("BAD_REQUEST", `Unknown status "${arg.slice(0, 20)}". Use one of: ${statuses.join(", ")}.`);
        const docs = await app.store.knowledge.listDocuments(scope, status ? { status } : {});
        const counts = await app.store.knowledge.countByStatus(scope);
        const summary = Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(", ") || "no documents yet";
        return { blocks: [{ type: "text", text: `${summary}\n${docs.map((d) => `• ${describe(d)}`).join("\n")}`.trim() }], data: docs };
      }
      if (!arg) throw new RoundsError("BAD_REQUEST", `Usage: docs ${sub.slice(0, 20)} <document id>`);
      if (sub === "show") {
        const doc = await app.store.knowledge.getDocument(scope, arg);
        if (!doc || doc.deletedAt) throw new RoundsError("NOT_FOUND", "No such document in this project.");
        const chunks = doc.indexState === "indexed" ? (await app.store.knowledge.listChunks(scope, doc.id)).length : 0;
        const reason = doc.classifierReason ? `\nRelevance: ${doc.classifierReason}` : "";
        return { blocks: [{ type: "text", text: `${describe(doc)}\n${doc.fileName}, ${doc.mediaType}, ${doc.sizeBytes} bytes${doc.pageCount ? `, ${doc.pageCount} pages` : ""}, ${chunks} chunks${reason}` }, ...reviewButtons(doc)], data: { ...doc, chunks } };
      }
      const actions: DocumentAction[] = ["approve", "reject", "delete", "retry"];
      const action = actions.find((a) => a === sub);
      if (!action) throw new RoundsError("BAD_REQUEST", `Unknown docs subcommand "${sub.slice(0, 20)}". Use list, show, approve, reject, delete or retry.`);
      const doc = await reviewDocument(app, { actor, projectId, documentId: arg, action });
      const said = { approve: "Approved; indexing now", reject: "Rejected", delete: "Deleted (kept for training, no longer answered from)", retry: "Retrying" }[action];
      return { blocks: [{ type: "text", text: `${said}: ${doc.title}.` }], data: doc };
    },
  }),
};

/** Commands this domain contributes to every channel. */
export const ingestCommands: BuiltinCommand[] = [ingestCommand, docsCommand];
