/**
 * `rounds`: the command-line channel. Built-in operations (init, serve,
 * worker, migrate, plugins, demo) plus every command contributed through the
 * plugin host, run with the same role checks as in chat.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { RoundsError, inputErrorOf, type RoundsConfig } from "@rounds/core/startup";
import { registerOperations } from "./operations.ts";
import { registerContributedCommands } from "./contributed.ts";
import { loadRoundsConfig } from "../app/load-rounds-config.ts";
import { baselineWasmOnly } from "./short-lived-wasm.ts";

export interface GlobalOptions {
  config?: string;
  dataDir?: string;
  logLevel?: string;
  database?: string;
}

/** Reads configuration once, at the edge: file, then environment, then flags. */
export function configFrom(opts: GlobalOptions): RoundsConfig {
  return loadRoundsConfig({
    file: opts.config,
    env: process.env,
    overrides: {
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      ...(opts.database ? { database: { url: opts.database } } : {}),
      log: { level: (opts.logLevel ?? process.env.ROUNDS_LOG_LEVEL ?? "warn") as RoundsConfig["log"]["level"] },
    },
  });
}

const longRunning = new Set(["serve", "worker", "trainer-worker", "mcp"]);

export async function main(argv: string[]): Promise<number> {
  const program = new Command("rounds")
    .description("Rounds: a clinical knowledge assistant that lives in your team's chat.")
    .option("-c, --config <file>", "JSON config file (default: rounds.config.json if present)")
    .option("-d, --data-dir <dir>", "data folder for the embedded tier (default: .rounds)")
    .option("--database <url>", "postgres://… or memory:// (default: PGlite in the data folder)")
    .option("--log-level <level>", "fatal|error|warn|info|debug|trace|silent")
    .showHelpAfterError()
    .exitOverride();
  registerOperations(program);
  try {
    // Which plugins, hence which commands, exist depends on -c / -d: read the global options first.
    const { operands } = program.parseOptions(argv.slice(2));
    const commandName = operands[0];
    if (!longRunning.has(commandName ?? "")) baselineWasmOnly();
    // On a terminal, log lines are noise unless asked for (--log-level or ROUNDS_LOG_LEVEL); long-running processes keep warnings.
    if (!program.opts<GlobalOptions>().logLevel && !process.env.ROUNDS_LOG_LEVEL && process.stdout.isTTY && !longRunning.has(commandName ?? "")) {
      program.setOptionValue("logLevel", "silent");
    }
    const configError = await registerContributedCommands(program, () => configFrom(program.opts<GlobalOptions>()));
    // A command that exists only when the configuration loads: say what is wrong with the configuration, not "unknown command".
    if (configError && commandName && commandName !== "help" && !program.commands.some((c) => c.name() === commandName)) {
      throw configError instanceof Error ? configError : new Error("The configuration did not load.", { cause: configError });
    }
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (thrown) {
    // A database error caused by the value typed (a malformed id) is a bad request here too, as in the API and chat.
    const error = inputErrorOf(thrown) ?? thrown;
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return 0;
    if (typeof code === "string" && code.startsWith("commander.")) return 2;
    if (RoundsError.isInstance(error)) {
      const configuration = error.code === "CONFIG_INVALID" || error.code.startsWith("PLUGIN_");
      process.stderr.write(`rounds: ${configuration ? "configuration error: " : ""}${error.message} (${error.code})\n`);
      return error.status >= 500 ? 1 : 2;
    }
    // The first line only: a failed query's message goes on with the values it was given.
    process.stderr.write(`rounds: unexpected error: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}\n`);
    return 1;
  }
}

/** Runs the CLI with this process's arguments and sets its exit code (used by `bin/rounds.js` and `npm run rounds`). */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv);
}

// Started directly (`node --conditions=rounds-source --import tsx bot/src/cli/main.ts …`, as `npm run rounds` does).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await run();
