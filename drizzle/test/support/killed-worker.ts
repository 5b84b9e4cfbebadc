import { spawn } from "node:child_process";
import { resolve } from "node:path";

/** Starts a worker child that hangs inside the first job it claims; resolves once it has claimed one. */
export function startHangingWorker(kind: "database" | "bullmq", url: string, env: Record<string, string> = {}): Promise<{ kill(): Promise<void> }> {
  const child = spawn(process.execPath, ["--conditions=rounds-source", "--import", "tsx", resolve(import.meta.dirname, "worker-child.ts"), kind, url], {
    env: { ...process.env, TEST_HANG: "1", ...env }, stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => { child.kill("SIGKILL"); fail(new Error("worker child never claimed the job")); }, 60_000);
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("CLAIMED")) {
        clearTimeout(timer);
        ok({ kill: () => new Promise<void>((r) => { child.once("exit", () => r()); child.kill("SIGKILL"); }) });
      }
    });
    child.once("exit", (code) => { clearTimeout(timer); fail(new Error(`worker child exited early (${code})`)); });
  });
}
