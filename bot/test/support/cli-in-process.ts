// The `rounds` CLI's `main` run inside the test process, with what it prints
// kept for assertions: stdout lines through the CLI's output sink, stderr
// through a spy on process.stderr. Cheaper than a child process
// (cli-process.ts) when a test only needs the command's result, exit code and
// messages. `restore()` must run (in a `finally`) before the next test.
import { vi } from "vitest";
import { main } from "../../src/cli/main.ts";
import { setOutput } from "../../src/cli/output.ts";

export interface CliInProcess {
  /** Every stdout line printed so far. */
  readonly stdout: string[];
  /** Every stderr write so far. */
  readonly stderr: string[];
  /** Runs `rounds <args>`; returns the exit code and what this run wrote to stderr. */
  run(...args: string[]): Promise<{ code: number; stderr: string }>;
  /** Puts the CLI's output and process.stderr back. */
  restore(): void;
}

/** Captures the CLI's output from now until `restore()`; `prefix` goes before every run's own arguments (e.g. `-c config -d dir`). */
export function cliInProcess(prefix: readonly string[] = []): CliInProcess {
  const stdout: string[] = [];
  const stderr: string[] = [];
  setOutput((line) => stdout.push(line));
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  return {
    stdout,
    stderr,
    async run(...args) {
      const from = stderr.length;
      const code = await main(["node", "rounds", ...prefix, ...args]);
      return { code, stderr: stderr.slice(from).join("") };
    },
    restore() {
      spy.mockRestore();
      setOutput((line) => process.stdout.write(`${line}\n`));
    },
  };
}
