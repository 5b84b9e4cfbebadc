// The CLI beside `rounds serve`: when the server is lost, the error says what
// was kept. Found by the outsider pass of round 14: a server killed while the
// CLI waited for an upload it had already accepted made the CLI say "nothing
// was changed" — the upload was kept and processed after the restart.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RoundsConfig } from "@rounds/core/startup";
import { acquireDataFolderLock } from "@rounds/db/lock";
import { afterEach, describe, expect, it } from "vitest";
import { callLocalServer, serverHolding, serverOrApp, type LocalServer } from "./local-server.ts";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real HTTP server on a free port: `answer` decides per request (answer JSON, or drop the connection). */
async function listen(answer: (n: number, destroy: () => void, send: (body: unknown) => void) => void): Promise<string> {
  let n = 0;
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => answer(n++, () => request.socket.destroy(), (body) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body))));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const local = (url: string): LocalServer => ({ pid: 4242, url, token: "t", lockPath: "/tmp/data/db.lock" });

describe("a lost local server", () => {
  it("says nothing was changed only when the first call is refused", async () => {
    const url = await listen(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(callLocalServer(local(url), "POST", "/local/commands/ingest", {})).rejects.toMatchObject({
      code: "DATA_FOLDER_IN_USE", message: expect.stringContaining("nothing was changed"),
    });
  });

  it("a port fetch will not connect to (the one-writer test's stale lock) is never sent: nothing was changed", async () => {
    await expect(callLocalServer(local("http://127.0.0.1:9"), "POST", "/local/commands/api-key", {})).rejects.toMatchObject({
      code: "DATA_FOLDER_IN_USE", message: expect.stringContaining("nothing was changed"),
    });
  });

  it("after an accepted call, says what was accepted is kept, not that nothing changed", async () => {
    const url = await listen((_n, _destroy, send) => send({ ok: true }));
    const s = local(url);
    expect(await callLocalServer(s, "POST", "/local/commands/ingest", {})).toEqual({ ok: true });
    server!.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const lost = callLocalServer(s, "GET", "/local/jobs", undefined);
    await expect(lost).rejects.toMatchObject({ code: "DATA_FOLDER_IN_USE" });
    const message = ((await lost.catch((e: unknown) => e)) as Error).message;
    expect(message).not.toContain("nothing was changed");
    expect(message).toContain("accepted earlier in this command is kept");
    expect(message).toContain("rounds docs list");
  });

  it("a connection dropped during a write: it may or may not have been applied", async () => {
    const url = await listen((_n, destroy) => destroy());
    const lost = callLocalServer(local(url), "POST", "/local/commands/docs", { args: "approve x" });
    const message = ((await lost.catch((e: unknown) => e)) as Error).message;
    expect(message).not.toContain("nothing was changed");
    expect(message).toContain("may or may not have been applied");
  });
});

describe("a server that holds the folder but does not listen yet (outsider round 16: `api-key` during start-up said \"in use\")", () => {
  const folder = () => mkdtempSync(join(tmpdir(), "rounds-local-server-"));
  const configFor = (dataDir: string) => ({ database: { url: undefined }, dataDir }) as unknown as RoundsConfig;

  it("is waited for: the command goes through it once it advertises its API", async () => {
    const dataDir = folder();
    const lock = acquireDataFolderLock(join(dataDir, "db"), "serve");
    try {
      const timer = setTimeout(() => lock.advertise({ url: "http://127.0.0.1:8316", token: "tok" }), 400);
      const started = Date.now();
      const found = await serverHolding(configFor(dataDir), 10_000);
      clearTimeout(timer);
      expect(found).toMatchObject({ pid: process.pid, url: "http://127.0.0.1:8316", token: "tok" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      lock.release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("still starting after the wait: says so and that nothing changed, not that the folder is in use", async () => {
    const dataDir = folder();
    const lock = acquireDataFolderLock(join(dataDir, "db"), "serve");
    try {
      const error = await serverHolding(configFor(dataDir), 300).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "DATA_FOLDER_IN_USE", message: expect.stringContaining("is still starting") });
      expect((error as Error).message).toContain("nothing was changed");
      expect((error as Error).message).not.toContain("cannot run beside it");
    } finally {
      lock.release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a holder that never serves (a worker) and a free folder are not waited for", async () => {
    const dataDir = folder();
    try {
      expect(await serverHolding(configFor(dataDir), 10_000)).toBeUndefined();
      const lock = acquireDataFolderLock(join(dataDir, "db"), "worker");
      try {
        const started = Date.now();
        expect(await serverHolding(configFor(dataDir), 10_000)).toBeUndefined();
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        lock.release();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("a server that takes the folder between the command's look and its opening (outsider round 17: `rounds serve &` then a command at once)", () => {
  const configFor = (dataDir: string) => ({ database: { url: undefined }, dataDir }) as unknown as RoundsConfig;

  it("is waited for and used, not refused as \"cannot run beside it\"", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rounds-local-server-"));
    const dataPath = join(dataDir, "db");
    let serve: ReturnType<typeof acquireDataFolderLock> | undefined;
    try {
      // The look finds the folder free; the server takes it before the command opens it (the real lock's refusal).
      const target = await serverOrApp(configFor(dataDir), async () => {
        serve = acquireDataFolderLock(dataPath, "serve");
        setTimeout(() => serve!.advertise({ url: "http://127.0.0.1:8317", token: "tok" }), 300);
        return acquireDataFolderLock(dataPath, "cli");
      }, 10_000);
      expect(target).toEqual({ server: expect.objectContaining({ pid: process.pid, url: "http://127.0.0.1:8317", token: "tok" }) });
    } finally {
      serve?.release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("any other holder's refusal is the command's error, unchanged", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rounds-local-server-"));
    const dataPath = join(dataDir, "db");
    let worker: ReturnType<typeof acquireDataFolderLock> | undefined;
    try {
      const error = await serverOrApp(configFor(dataDir), async () => {
        worker = acquireDataFolderLock(dataPath, "worker");
        return acquireDataFolderLock(dataPath, "cli");
      }, 10_000).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "DATA_FOLDER_IN_USE", message: expect.stringContaining("(worker, pid") });
    } finally {
      worker?.release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
