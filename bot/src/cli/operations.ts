import { InvalidArgumentError, type Command } from "commander";

import type { RoundsApp } from "../app/create-app.ts";
import { openApp } from "./open-app.ts";
import { configFrom, type GlobalOptions } from "./main.ts";
import { DEFAULT_DOMAIN, RoundsError, type RoundsConfig } from "@rounds/core/startup";
import { embeddedDataPath } from "@rounds/db/lock";
import { ensureWorkspace } from "./workspace.ts";
import type { OperatorApiKey } from "./operator-api-key.ts";
import { out } from "./output.ts";
import { registerDeidCommand } from "./deid-command.ts";
import { callLocalServer, serverOrApp } from "./local-server.ts";

/** The operations that exist before any plugin: init, migrate, serve, worker, plugins. */
export function registerOperations(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program.command("init")
    .description("create the data folder and database, and a first organisation and project")
    .option("--org <slug>", "organisation slug", "clinic")
    .option("--project <slug>", "project (knowledge base) slug", "knowledge")
    .option("--domain <text>", "what the knowledge base is about (change it later with: rounds project domain …)", DEFAULT_DOMAIN)
    .action(async (opts: { org: string; project: string; domain: string }) => {
      const app = await openApp(configFrom(globals()), { migrate: true, owner: "cli" });
      try {
        const ws = await ensureWorkspace(app, opts);
        out(`Ready: organisation ${ws.organization.slug}, project ${ws.project.slug}, data in ${app.config.dataDir}`);
      } finally {
        await app.close();
      }
    });

  program.command("demo")
    .description("the main job on the embedded default: ingest the demo corpus, approve, index, answer questions with citations")
    .action(async () => {
      const opts = globals();
      const { runDemo } = await import("./demo.ts");
      await runDemo(configFrom({ ...opts, dataDir: opts.dataDir ?? ".rounds-demo" }));
    });

  program.command("api-key")
    .description("create an API key for the HTTP API and the admin page (printed once, stored hashed); organisation-wide unless --project limits it")
    .argument("<name>", "what the key is for, e.g. \"admin page\"")
    .option("--role <role>", "admin | clinician | patient | auditor (default: admin, or the user's role with --user)")
    .option("--user <user-id>", "the person the key acts as (their role; it ends when they are removed)")
    .option("--org <slug>", "organisation slug (default: the only one)")
    .option("--project <slug>", "limit the key to this project of the organisation (it reaches no other, nor organisation-wide operations)")
    .action(async (name: string, opts: { role?: string; user?: string; org?: string; project?: string }) => {
      const config = configFrom(globals());
      const input = {
        name, ...(opts.role !== undefined ? { role: opts.role } : {}), ...(opts.user ? { user: opts.user } : {}), ...(opts.org ? { org: opts.org } : {}),
        ...(opts.project ? { project: opts.project } : {}),
      };
      const target = await serverOrApp(config, () => openApp(config, { owner: "cli" }));
      const server = "server" in target ? target.server : undefined;
      const made = "server" in target
        ? await callLocalServer<OperatorApiKey>(target.server, "POST", "/local/api-keys", input)
        : await (async () => {
          try {
            const { makeOperatorApiKey } = await import("./operator-api-key.ts");
            return await makeOperatorApiKey(target.app, input);
          } finally {
            await target.app.close();
          }
        })();
      const by = server ? `, created by the server at ${server.url}` : "";
      out(`${made.key}\n(${made.role} key "${made.name}"${made.actingAs ? ` acting as ${made.actingAs}` : ""} for ${made.organization}${made.project ? `, project ${made.project} only` : ""}${by}; shown once, keep it safe. Revoke with DELETE /v1/api-keys/${made.id}.)`);
    });

  program.command("migrate")
    .description("apply database migrations (idempotent)")
    .action(async () => {
      const app = await openApp(configFrom(globals()), { migrate: true, owner: "cli" });
      await app.close();
      out("Migrations applied.");
    });

  program.command("plugins")
    .description("list configured plugins and their state")
    .option("--activate", "activate every plugin now to check it loads")
    .option("--json", "print JSON")
    .action(async (opts: { activate?: boolean; json?: boolean }) => {
      const app = await openApp(configFrom(globals()), { migrate: false, owner: "cli" });
      try {
        if (opts.activate) await app.host.activateAll();
        const list = app.host.list();
        if (opts.json) out(JSON.stringify(list, null, 2));
        else {
          for (const p of list) {
            const what = Object.entries(p.contributes).map(([k, ids]) => `${k}: ${ids.join(", ")}`).join("; ");
            const settings = p.settings.map((s) => `${s.name}${s.env ? ` (${s.env})` : ""}${s.set ? " set" : ""}`).join(", ");
            out(`${p.state.padEnd(10)} ${p.name}@${p.version}${p.egress ? " (sends data out)" : ""}${p.error ? `\n           ${p.error}` : ""}\n           ${what}${settings ? `\n           settings: ${settings}` : ""}`);
          }
        }
      } finally {
        await app.close();
      }
    });

  program.command("worker")
    .description("process background jobs (ingestion, indexing, training) until stopped")
    .option("--concurrency <n>", "jobs at once", (v) => Number.parseInt(v, 10))
    .action(async (opts: { concurrency?: number }) => {
      const stop = signalled();
      const app = await openApp(configFrom(globals()), { owner: "worker" });
      const { configuredSpace, ensureSchedulesTick } = await import("@rounds/core");
      await configuredSpace(app).catch((error: unknown) => app.logger.warn({ err: error }, "embedding space not ready at start"));
      await app.jobs.startWorker({ concurrency: opts.concurrency ?? app.config.queue.concurrency });
      await ensureSchedulesTick(app);
      out(`Worker started (${app.jobs.kind} queue). Ctrl-C to stop.`);
      await untilSignal(app, stop);
    });

  program.command("trainer-worker")
    .description("run on a GPU machine: take training jobs from the queue trainer, run your training command, upload the adapter")
    .requiredOption("--command <template>", "shell command with {dataset} {validation} {base} {out} {method} {epochs} {lr} {batch}; writes {out}/adapter.gguf")
    .option("--work-dir <dir>", "scratch folder for datasets and outputs (default: the OS temp folder)")
    .action(async (opts: { command: string; workDir?: string }) => {
      const stop = signalled();
      const app = await openApp(configFrom(globals()), { owner: "trainer-worker" });
      const trainer = await app.host.get("trainers", "queue") as Partial<{ serveTrainingHost(o: object): Promise<void> }>;
      if (typeof trainer.serveTrainingHost !== "function") {
        await app.close();
        throw new RoundsError("CONFIG_INVALID", "The queue trainer plugin (@rounds/plugin-trainer-queue) is not enabled: add it to plugins.");
      }
      await trainer.serveTrainingHost({
        command: opts.command, logger: app.logger, ...(opts.workDir ? { workDir: opts.workDir } : {}),
        onProgress: (jobId: string, fraction: number) => out(`training ${jobId}: ${progressBar(fraction)}`),
      });
      out(`Trainer host started (${app.jobs.kind} queue). Waiting for training jobs; Ctrl-C to stop.`);
      await untilSignal(app, stop);
    });

  registerDeidCommand(program);

  program.command("mcp")
    .description("serve the MCP tools (ask, search, get_source, list_documents) over stdio to a client on this machine, as the user of ROUNDS_API_KEY")
    .option("--key <rk_…>", "the Rounds API key to act as (default: ROUNDS_API_KEY; the environment keeps it out of the process list)")
    .option("--project <slug>", "the knowledge base calls use when they name none")
    .action(async (opts: { key?: string; project?: string }) => {
      const { runMcpStdio } = await import("../mcp/mcp-stdio.ts");
      await runMcpStdio(configFrom(globals()), opts);
    });

  program.command("serve")
    .description("start the API, the admin web page, the workers and the chat receivers in one process")
    .option("--no-worker", "do not process jobs in this process (server tier only: there `rounds worker` processes run them)")
    .option("--port <port>", "API port (0: any free port)", parsePort)
    .action(async (opts: { worker: boolean; port?: number }) => {
      const stop = signalled();
      const config = configFrom(globals());
      if (opts.port !== undefined) config.api.port = opts.port;
      if (!opts.worker) refuseNoWorkerOnEmbedded(config);
      const app = await openApp(config, { owner: "serve" });
      const { startServer } = await import("../server/start-server.ts");
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(app, { worker: opts.worker });
      } catch (error) {
        // A server that cannot start lets go of the data folder and exits, instead of holding it with nothing listening.
        await app.close();
        throw listenError(error, config.api);
      }
      out(`Rounds is listening on ${server.url} (admin page: ${server.url}/admin/, API docs: ${server.url}/docs)`);
      await untilSignal(app, stop, () => server.close());
    });
}

/**
 * `serve --no-worker` on the embedded database would leave its jobs to no
 * one: a PGlite folder has one process at a time (its lock; a memory database
 * has only this one), so no `rounds worker` can open it beside this server,
 * and every ingest would wait for ever. Refused before anything is opened.
 */
function refuseNoWorkerOnEmbedded(config: RoundsConfig): void {
  if (/^postgres(ql)?:\/\//.test(config.database.url ?? "")) return;
  const folder = embeddedDataPath({ url: config.database.url, dataDir: config.dataDir });
  throw new RoundsError("BAD_REQUEST", `--no-worker needs a database other processes can open, and this one is embedded (${folder ?? "in memory"}): ` +
    "only the process that holds it can run its jobs, so nothing would ever process a document. Start `rounds serve` without --no-worker " +
    "(its worker runs the jobs), or move to the server tier (PostgreSQL and Redis) to run `rounds worker` processes apart from the API.");
}

/** `--port`: a whole number from 0 to 65535, or commander refuses it with the option named. */
function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new InvalidArgumentError("Give a port number from 0 to 65535 (0: any free port).");
  return port;
}

/** The API's address is taken or not allowed: say so and how to choose another, rather than "unexpected error". */
function listenError(error: unknown, api: { host: string; port: number }): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return new RoundsError("ADDRESS_IN_USE", `Port ${api.port} on ${api.host} is already in use by another program (perhaps another rounds serve); start with --port <n> or set ROUNDS_PORT.`);
  if (code === "EACCES" || code === "EADDRNOTAVAIL") return new RoundsError("ADDRESS_IN_USE", `Rounds may not listen on ${api.host}:${api.port} (${code}); choose another address with --port or ROUNDS_HOST / ROUNDS_PORT.`);
  return error;
}

/**
 * Listens for SIGINT/SIGTERM from the moment it is called, so a signal that
 * arrives while the app is still starting is not lost to Node's default
 * handler (which would kill the process with jobs in flight).
 */
function signalled(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/** Waits for the signal, then shuts down in order: stop taking work, finish, dispose. */
async function untilSignal(app: RoundsApp, stop: Promise<void>, beforeClose?: () => Promise<void>): Promise<void> {
  await stop;
  app.logger.info({}, "shutting down");
  // A connection that will not close must not keep a stopped process alive (systemd, Docker and CI wait on it).
  const limitMs = app.config.queue.shutdownGraceMs + 10_000;
  const force = setTimeout(() => {
    app.logger.warn({ limitMs }, "shutdown took too long; exiting");
    process.exit(1);
  }, limitMs);
  force.unref();
  await beforeClose?.();
  await app.close();
}



const progressBar = (fraction: number): string => {
  const filled = Math.round(fraction * 20);
  return `[${"#".repeat(filled)}${".".repeat(20 - filled)}] ${Math.round(fraction * 100)}%`;
};
