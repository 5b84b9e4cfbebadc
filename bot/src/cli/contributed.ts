import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import type { CommandResult, InlinePlugin, MessageBlock } from "@rounds/core";
import { PluginHost, RoundsError, builtinCommandContributions, type RoundsConfig } from "@rounds/core/startup";
import { openApp } from "./open-app.ts";
import { callLocalServer, localServerBlob, serverOrApp, type LocalServer } from "./local-server.ts";
import { out } from "./output.ts";
import { progressLine } from "./progress-line.ts";
import { renderBlocks } from "./render.ts";
import { waitForJobs } from "./wait-for-jobs.ts";
import { findWorkspace } from "./workspace.ts";

const reserved = new Set(["init", "migrate", "serve", "worker", "plugins", "demo", "api-key", "help"]);
const cliFlags = ["--org", "--project", "--json", "--out"];

interface Options { org?: string | true; project?: string; json?: boolean; out?: string }
interface DocumentOutcome { title: string; status: string; indexState?: string; failedStep?: string | null; failureReason?: string | null }

/** Still being worked on: processing, or approved and not yet indexed (the lifecycle's processing, queued and indexing). */
const inMotion = (d: DocumentOutcome): boolean => d.status === "processing" || (d.status === "approved" && d.indexState !== "indexed");

/**
 * Every command in the plugin host's registry becomes a CLI subcommand
 * (`rounds ask "…"`, `rounds docs list`). Manifests are read without
 * activating anything, so `--help` stays fast. Returns the configuration
 * error, if any, so the caller can name it instead of "unknown command".
 */
export async function registerContributedCommands(program: Command, config: () => RoundsConfig): Promise<unknown> {
  let commands: ReturnType<PluginHost["commands"]> = [];
  try {
    const cfg = config();
    // Core's commands by their contributions alone: what runs them loads when one runs.
    const coreCommands: InlinePlugin = {
      name: "@rounds/core", version: "0.1.0",
      manifest: { displayName: "Rounds core commands", contributes: { commands: await builtinCommandContributions() } },
      module: { activate() { throw new Error("not for running"); } },
    };
    const host = await PluginHost.create({ plugins: [...cfg.plugins, coreCommands], tier: cfg.tier, resolveFrom: import.meta.dirname });
    commands = host.commands();
  } catch (error) {
    return error;
  }
  for (const c of commands) {
    if (reserved.has(c.id)) continue;
    // The flags a command takes are the ones its usage names; anything else is refused before it runs.
    const usage = c.usage ?? "";
    const commandFlags = [...new Set(usage.match(/--[a-z][a-z-]*/g) ?? [])];
    const orgIsCommandFlag = /--org(?!\s*<)/.test(usage);
    // A usage that shows quoted arguments gets words with spaces back in quotes (`schedule set "0 2 * * 1"`).
    const requote = usage.includes("\"");
    program.command(c.id)
      .description(`${c.title}${c.description ? `: ${c.description}` : ""} [${c.roles.join(", ")}]`)
      .usage(usage ? usage.replace(/^\S+\s*/, "") : "[args...]")
      .argument("[args...]")
      .allowUnknownOption()
      .option("--org [slug]", orgIsCommandFlag ? "organisation slug; alone, the command's organisation-wide --org" : "organisation slug (default: the only one)")
      .option("--project <slug>", "project slug (default: the only one)")
      .option("--json", "print the structured result as JSON")
      .option("--out <dir>", "copy the files the command produced (e.g. an export) into this folder")
      .action(async (args: string[], opts: Options) => {
        const unknown = args.find((a) => /^--?[A-Za-z]/.test(a) && !/\s/.test(a) && !commandFlags.includes(a.split("=")[0]!));
        if (unknown) {
          const valid = [...commandFlags, ...cliFlags].filter((f, i, all) => all.indexOf(f) === i);
          throw new RoundsError("BAD_REQUEST", `Unknown option ${unknown.slice(0, 40)} for ${c.id}. Valid options: ${valid.join(", ")}.`);
        }
        if (opts.org === true && !orgIsCommandFlag) throw new RoundsError("BAD_REQUEST", "--org needs an organisation slug.");
        const words = requote ? args.map((a) => (/\s/.test(a) ? `"${a}"` : a)) : args;
        const text = [...words, ...(opts.org === true ? ["--org"] : [])].join(" ");
        const workspace = { ...(typeof opts.org === "string" ? { org: opts.org } : {}), ...(opts.project ? { project: opts.project } : {}) };
        const cfg = config();
        const target = await serverOrApp(cfg, () => openApp(cfg, { owner: "cli" }));
        if ("server" in target) {
          await runThroughServer(target.server, c.id, text, workspace, opts);
          return;
        }
        const { app } = target;
        try {
          const { organization, project } = await findWorkspace(app, workspace);
          const { localOperator } = await import("./local-operator.ts");
          const actor = await localOperator(app, organization.id);
          // Embedded tier: nobody else runs the jobs a command starts (ingest, approve), so this process does, then waits.
          const inProcess = app.jobs.kind === "database";
          if (inProcess) await app.jobs.startWorker({ concurrency: app.config.queue.concurrency });
          const progress = progressLine();
          const { runCommand } = await import("@rounds/core");
          const result = await runCommand(app, c.id, { actor, origin: "cli", projectId: project.id, args: text, visibility: "private", progress: progress.show });
          progress.done();
          await print(result, opts, (key) => app.blobs.get(key));
          let failed = result.failed ?? false;
          if (inProcess) {
            const waiting = progressLine();
            await waitForJobs(app, (left) => { if (left) waiting.show(`${left} background job(s) left…`); });
            waiting.done();
            const scope = { organizationId: organization.id, projectId: project.id };
            const outcomes = await Promise.all((result.documents ?? []).map(async (id) => (await app.store.knowledge.getDocument(scope, id))!));
            failed = reportOutcomes(outcomes.filter(Boolean), opts) || failed;
          } else if (result.documents?.length && !opts.json) {
            // A shared queue: the workers process them, not this process; "accepted" is not "done".
            out(`${result.documents.length} document(s) queued for the workers (\`rounds worker\` processes); follow them with \`rounds docs list processing\`.`);
          }
          if (failed) process.exitCode = 1;
        } finally {
          await app.close();
        }
      });
  }
  return undefined;
}

/** The command runs in the server that holds the embedded database; documents it started are followed until processed. */
async function runThroughServer(server: LocalServer, id: string, args: string, workspace: { org?: string; project?: string }, opts: Options): Promise<void> {
  const call = (command: string, text: string) => callLocalServer<CommandResult & { data: unknown; worker?: boolean }>(server, "POST", `/local/commands/${encodeURIComponent(command)}`, { args: text, ...workspace });
  const result = await call(id, args);
  await print(result, opts, (key) => localServerBlob(server, key));
  const waiting = progressLine();
  const outcomes: DocumentOutcome[] = [];
  const started = result.documents ?? [];
  for (const [i, documentId] of started.entries()) {
    for (;;) {
      const shown = await call("docs", `show ${documentId}`);
      const doc = shown.data as DocumentOutcome;
      // A server that works no queue will never move a document: say so instead of waiting for ever.
      if (inMotion(doc) && shown.worker === false) {
        waiting.done();
        throw new RoundsError("NOT_READY", `${started.length - i} document(s) are queued, but the server at ${server.url} (pid ${server.pid}) runs no worker, ` +
          "so nothing will process them (it was started without one, or is shutting down). They stay queued: restart `rounds serve` without --no-worker and it processes them.");
      }
      if (!inMotion(doc)) {
        outcomes.push(doc);
        break;
      }
      waiting.show(`The server is processing ${i + 1} of ${result.documents!.length}…`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  waiting.done();
  if (reportOutcomes(outcomes, opts) || result.failed) process.exitCode = 1;
}

/** Prints how each document a command started ended (on stderr under --json, so stdout stays one JSON value); true when any failed. */
function reportOutcomes(outcomes: DocumentOutcome[], opts: Options): boolean {
  if (outcomes.length === 0) return false;
  (opts.json ? (line: string) => process.stderr.write(`${line}\n`) : out)(`Processed:\n${outcomes.map((d) => `• ${d.title}: ${d.status === "approved" ? `approved, ${d.indexState ?? "?"}` : d.status}${d.status === "failed" ? ` (${d.failedStep ?? "?"}: ${d.failureReason ?? "no reason given"})` : ""}`).join("\n")}`);
  return outcomes.some((d) => d.status === "failed");
}

/** Prints a command's result and copies the files it produced into `--out`. */
async function print(result: { blocks: MessageBlock[]; data?: unknown }, opts: Options, blob: (key: string) => Promise<Readable>): Promise<void> {
  out(opts.json ? JSON.stringify(result.data ?? result.blocks, null, 2) : renderBlocks(result.blocks));
  const files = (result.data as { files?: Array<{ name: string; blobKey: string }> } | undefined | null)?.files;
  if (opts.out && files?.length) {
    await mkdir(opts.out, { recursive: true });
    for (const f of files) {
      const target = join(opts.out, basename(f.name));
      await pipeline(await blob(f.blobKey), createWriteStream(target));
      out(`wrote ${target}`);
    }
  } else if (opts.out) {
    out("This command produced no files to copy.");
  }
}
