import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import type { Readable } from "node:stream";
import { PluginHost, builtinCommandsPlugin, runCommand, type MessageBlock, type RoundsConfig } from "@rounds/core";
import { createApp } from "../app/create-app.ts";
import { localOperator } from "./local-operator.ts";
import { callLocalServer, localServerBlob, serverHolding } from "./local-server.ts";
import { out } from "./output.ts";
import { renderBlocks } from "./render.ts";
import { waitForJobs } from "./wait-for-jobs.ts";
import { findWorkspace } from "./workspace.ts";

const reserved = new Set(["init", "migrate", "serve", "worker", "plugins", "demo", "api-key", "help"]);

/**
 * Every command in the plugin host's registry becomes a CLI subcommand
 * (`rounds ask "…"`, `rounds docs list`). Manifests are read without
 * activating anything, so `--help` stays fast.
 */
export async function registerContributedCommands(program: Command, config: () => RoundsConfig): Promise<void> {
  let commands: ReturnType<PluginHost["commands"]> = [];
  try {
    const cfg = config();
    const host = await PluginHost.create({ plugins: [...cfg.plugins, builtinCommandsPlugin(() => { throw new Error("not for running"); })], tier: cfg.tier, resolveFrom: import.meta.dirname });
    commands = host.commands();
  } catch {
    // A broken config or plugin is reported when a command actually runs.
  }
  for (const c of commands) {
    if (reserved.has(c.id)) continue;
    program.command(c.id)
      .description(`${c.title}${c.description ? `: ${c.description}` : ""} [${c.roles.join(", ")}]`)
      .usage(c.usage ? c.usage.replace(/^\S+\s*/, "") : "[args...]")
      .argument("[args...]")
      .allowUnknownOption()
      .option("--org <slug>", "organisation slug (default: the only one)")
      .option("--project <slug>", "project slug (default: the only one)")
      .option("--json", "print the structured result as JSON")
      .option("--out <dir>", "copy the files the command produced (e.g. an export) into this folder")
      .action(async (args: string[], opts: { org?: string; project?: string; json?: boolean; out?: string }) => {
        const cfg = config();
        const server = serverHolding(cfg);
        if (server) {
          // A server holds the embedded database: the command runs there, as the same local operator.
          const result = await callLocalServer<{ blocks: MessageBlock[]; data: unknown }>(server, "POST", `/local/commands/${encodeURIComponent(c.id)}`, {
            args: args.join(" "), ...(opts.org ? { org: opts.org } : {}), ...(opts.project ? { project: opts.project } : {}),
          });
          await print(result, opts, (key) => localServerBlob(server, key));
          return;
        }
        const app = await createApp(cfg, { owner: "cli" });
        try {
          const { organization, project } = await findWorkspace(app, opts);
          const actor = await localOperator(app, organization.id);
          // Embedded tier: nobody else runs the jobs a command starts (ingest, approve), so this process does, then waits.
          const inProcess = app.jobs.kind === "database";
          if (inProcess) await app.jobs.startWorker({ concurrency: app.config.queue.concurrency });
          const result = await runCommand(app, c.id, {
            actor, projectId: project.id, args: args.join(" "), visibility: "private",
            progress: (label, fraction) => process.stderr.write(`${fraction === undefined ? "" : `[${Math.round(fraction * 100)}%] `}${label}\n`),
          });
          await print(result, opts, (key) => app.blobs.get(key));
          if (inProcess) await waitForJobs(app, (left) => { if (left) process.stderr.write(`\r${left} background job(s) left… `); });
        } finally {
          await app.close();
        }
      });
  }
}

/** Prints a command's result and copies the files it produced into `--out`. */
async function print(result: { blocks: MessageBlock[]; data?: unknown }, opts: { json?: boolean; out?: string }, blob: (key: string) => Promise<Readable>): Promise<void> {
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
