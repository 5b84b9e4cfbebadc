// The real `rounds` CLI as a child process, started the way an operator
// starts it (`bot/bin/rounds.js <command>`, the installed `rounds` command,
// settings from the environment and a config file), with its output kept for
// assertions. Used by the multi-process suites.
//
// The command runs the compiled build, which the run's global setup
// (scripts/test-run-folder.ts) makes when the sources are newer than it; the
// command itself refuses a build older than the sources, so a test never runs
// old code. Started from the sources through tsx instead, each process spent
// one to two seconds of CPU more on loading (tsx's loader thread), and
// rebuilt the WordNet index the build makes once: with a few hundred CLI
// processes in a run, minutes of CI.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
const bin = resolve(root, "bot/bin/rounds.js");
const mainTs = resolve(root, "bot/src/cli/main.ts");

/**
 * Node's arguments (for `process.execPath`) that run `rounds <args>`, for suites that start it through another API
 * (stdin, an MCP stdio transport). `sources`: from the TypeScript sources through tsx, for a suite whose command loads
 * a test plugin written in TypeScript (`bot/test/fixtures/*`; a real plugin ships JavaScript, which the build loads).
 */
export function roundsArgs(args: readonly string[], options: { sources?: boolean } = {}): string[] {
  return options.sources ? ["--conditions=rounds-source", "--import", "tsx", mainTs, ...args] : [bin, ...args];
}

export interface CliProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** stdout lines parsed as JSON log records (pino), skipping other lines. */
  logRecords(): Array<Record<string, unknown>>;
  /** Resolves with the first stdout match of `pattern`; rejects if the process exits first or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code and signal (at once if already exited). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `rounds <args>` with exactly `env` (plus PATH/HOME so Node runs), from the repository root; stdin only when asked (`child.stdin`). */
export function startCli(name: string, args: string[], env: Record<string, string>, options: { stdin?: "pipe"; sources?: boolean } = {}): CliProcess {
  const child = spawn(process.execPath, roundsArgs(args, options), {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  // Piped above, so never null.
  child.stdout!.on("data", (d: Buffer) => { out += d.toString(); for (const l of listeners) l(); });
  child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      for (const l of listeners) l();
      ok(exit);
    });
  });
  return {
    name, child,
    stdout: () => out,
    stderr: () => err,
    logRecords: () => out.split("\n").flatMap((line) => {
      if (!line.startsWith("{")) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    }),
    waitFor: (pattern, timeoutMs = 60_000) => new Promise((ok, fail) => {
      const check = () => {
        const match = out.match(pattern);
        if (match) return done(() => ok(match));
        if (exit) return done(() => fail(new Error(`${name} exited (${exit!.code ?? exit!.signal}) before printing ${pattern}: ${err.slice(-2000)}`)));
      };
      const timer = setTimeout(() => done(() => fail(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms: ${out.slice(-3000)}${err.slice(-2000)}`))), timeoutMs);
      const done = (then: () => void) => { clearTimeout(timer); listeners.delete(check); then(); };
      listeners.add(check);
      check();
    }),
    exited: () => exitPromise,
  };
}

/** Runs `rounds <args>` to the end; rejects with its stderr when it fails. */
export async function runCli(args: string[], env: Record<string, string>, options: { sources?: boolean } = {}): Promise<string> {
  const p = startCli(args[0] ?? "rounds", args, env, options);
  const { code } = await p.exited();
  if (code !== 0) throw new Error(`rounds ${args.join(" ")} exited ${code}: ${p.stderr().slice(-2000)}`);
  return p.stdout();
}
