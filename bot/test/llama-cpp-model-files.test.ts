// `models add` / `models list` through a real app and the plugin host: a
// local GGUF the test wrote is registered with its sha256 and header facts;
// an hf: URI is downloaded from a local server standing in for the Hugging
// Face endpoint (real HTTP), from the CLI only; chat and API callers may only
// name files in the models folder and no URL at all (issue #15, finding 7:
// no SSRF); a download that stalls past the timeout or passes the size cap
// is refused and leaves no file; a file that is not a model, an adapter, a
// failed download and a file changed after it was added are each refused clearly.
import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Actor, runCommand, silentLogger } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { cleanupTargets, startApp } from "./support/test-app.ts";
import { ModelCatalog, ModelWorker } from "@rounds/plugin-llama-cpp";
import { loraAdapterGguf, tinyLlamaGguf } from "@rounds/plugin-llama-cpp/testing";

const dir = mkdtempSync(join(tmpdir(), "rounds-models-"));
const modelsDir = join(dir, "models");
mkdirSync(modelsDir);
const tiny = tinyLlamaGguf({ seed: 21, name: "tiny-for-catalog" });
const tinyPath = join(dir, "tiny-base.gguf");
writeFileSync(tinyPath, tiny);
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("models add / list", () => {
  let app: RoundsApp;
  let cli: Actor;
  let chat: Actor;
  let api: Actor;
  let projectId: string;
  let hf: Server;
  let hfUrl: string;
  const hfRequests: string[] = [];
  const models = (actor: Actor, args: string) => runCommand(app, "models", { actor, projectId, args, visibility: "private", ...(actor === api ? { origin: "api" as const } : actor === chat ? { origin: "chat" as const } : {}) });
  /** A second server for what the hf mirror is not: a download that stalls, and one larger than the cap (with and without its length declared). */
  let odd: Server;
  let oddUrl: string;
  const oddRequests: string[] = [];

  beforeAll(async () => {
    hf = createServer((req, res) => {
      hfRequests.push(`${req.method} ${req.url}`);
      if (!req.url?.startsWith("/clinic/tiny/resolve/main/tiny-hf.gguf")) {
        res.writeHead(404, { "content-type": "text/plain" }).end("Entry not found");
        return;
      }
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
      const start = range ? Number(range[1]) : 0;
      const end = range && range[2] ? Number(range[2]) : tiny.length - 1;
      const body = tiny.subarray(start, end + 1);
      res.writeHead(range ? 206 : 200, {
        "content-type": "application/octet-stream", "content-length": body.length, "accept-ranges": "bytes",
        "content-disposition": 'attachment; filename="tiny-hf.gguf"', ...(range && { "content-range": `bytes ${start}-${end}/${tiny.length}` }),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    });
    await new Promise<void>((ok) => hf.listen(0, "127.0.0.1", ok));
    hfUrl = `http://127.0.0.1:${(hf.address() as { port: number }).port}/`;
    odd = createServer((req, res) => {
      oddRequests.push(`${req.method} ${req.url}`);
      if (req.url === "/stall.gguf") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.write(tiny.subarray(0, 64)); // then nothing: the download must give up on its own
        return;
      }
      if (req.url === "/huge-declared.gguf") {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(tiny.length * 4) }).end(Buffer.concat([tiny, tiny, tiny, tiny]));
        return;
      }
      if (req.url === "/huge-chunked.gguf") {
        res.writeHead(200, { "content-type": "application/octet-stream" }); // no length: counted while it streams
        for (let i = 0; i < 4; i++) res.write(tiny);
        res.end();
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => odd.listen(0, "127.0.0.1", ok));
    oddUrl = `http://127.0.0.1:${(odd.address() as { port: number }).port}`;
    app = await startApp({ tier: "embedded", database: { url: "memory://" }, dataDir: join(dir, "data") }, {
      plugins: ["@rounds/plugin-blob-fs", "@rounds/plugin-parsers", "@rounds/plugin-lexical", "@rounds/plugin-deid", "@rounds/plugin-llama-cpp"],
      pluginSettings: { "@rounds/plugin-llama-cpp": { modelsDir, huggingFaceEndpoint: hfUrl, threads: 1, downloadTimeoutMs: 1500, maxDownloadBytes: tiny.length + 1024 } },
    });
    const ws = await ensureWorkspace(app, { org: "models-clinic", project: "kat" });
    projectId = ws.project.id;
    cli = await localOperator(app, ws.organization.id);
    chat = { ...cli, identity: { channel: "slack", workspaceId: "T1", userId: "U1" } };
    api = { userId: cli.userId, organizationId: cli.organizationId, role: "admin" };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await new Promise((ok) => hf?.close(ok));
    odd?.closeAllConnections();
    await new Promise((ok) => odd?.close(ok));
    await cleanupTargets();
  });

  it("registers a local GGUF from the CLI with its sha256 and header facts, and lists it", async () => {
    const added = await models(cli, `add ${tinyPath}`);
    expect(added.data).toMatchObject({ name: "tiny-base.gguf", path: tinyPath, sha256: sha(tiny), sizeBytes: tiny.length, architecture: "llama", contextLength: 4096, embeddingLength: 32, chatTemplate: false, source: "file" });
    expect((added.blocks[0] as { text: string }).text).toMatch(/^Added tiny-base\.gguf: llama, .* no chat template .*\nTo answer with it, set ROUNDS_LLAMA_MODEL=/);
    const listed = await models(cli, "list");
    expect((listed.data as Array<{ name: string }>).map((m) => m.name)).toEqual(["tiny-base.gguf"]);
  });

  it("from a chat, accepts only files in the models folder", async () => {
    await expect(models(chat, `add ${tinyPath}`)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(models(chat, "add ../tiny-base.gguf")).rejects.toMatchObject({ code: "FORBIDDEN" });
    copyFileSync(tinyPath, join(modelsDir, "copied.gguf"));
    expect((await models(chat, "add copied.gguf")).data).toMatchObject({ name: "copied.gguf", path: join(modelsDir, "copied.gguf"), sha256: sha(tiny) });
    await expect(models(chat, "add missing.gguf")).rejects.toMatchObject({ code: "NOT_FOUND", message: "There is no model file missing.gguf in the models folder." });
  });

  it("from a chat or the API, fetches no URL at all and says nothing about the server's files", async () => {
    for (const caller of [chat, api]) {
      for (const uri of ["hf:clinic/tiny/tiny-hf.gguf", `${hfUrl}clinic/tiny/resolve/main/tiny-hf.gguf`, `${oddUrl}/stall.gguf`]) {
        await expect(models(caller, `add ${uri}`)).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      // An existing and a missing server path outside the models folder get the same answer, which names neither.
      const existing = await models(caller, `add ${tinyPath}`).catch((e: Error) => e.message);
      const missing = await models(caller, `add ${join(dir, "no-such.gguf")}`).catch((e: Error) => e.message);
      expect(existing).toBe(missing);
      expect(existing).not.toContain(dir);
      expect(existing).not.toContain(process.cwd());
    }
    expect(hfRequests).toEqual([]);
    expect(oddRequests).toEqual([]);
  });

  it("a download that stalls is given up after the timeout, and a file over the size cap is refused; neither leaves a file", async () => {
    const before = readdirSync(modelsDir).sort();
    await expect(models(cli, `add ${oddUrl}/stall.gguf`)).rejects.toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/did not finish within 2 s\. Nothing was kept\./) });
    await expect(models(cli, `add ${oddUrl}/huge-declared.gguf`)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/larger than the \d+ MiB download limit/) });
    await expect(models(cli, `add ${oddUrl}/huge-chunked.gguf`)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(oddRequests).toEqual(["GET /stall.gguf", "GET /huge-declared.gguf", "GET /huge-chunked.gguf"]);
    expect(readdirSync(modelsDir).sort()).toEqual(before);
    expect((await models(cli, "list")).data as Array<{ name: string }>).not.toContainEqual(expect.objectContaining({ name: expect.stringMatching(/stall|huge/) }));
  }, 30_000);

  it("refuses a file that is not a model, and a LoRA adapter", async () => {
    writeFileSync(join(dir, "notes.gguf"), "this is not a model");
    await expect(models(cli, `add ${join(dir, "notes.gguf")}`)).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED", message: "notes.gguf is not a readable GGUF file." });
    writeFileSync(join(dir, "adapter.gguf"), loraAdapterGguf());
    await expect(models(cli, `add ${join(dir, "adapter.gguf")}`)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/is a LoRA adapter, not a model/) });
    expect((await models(cli, "list")).data as unknown[]).toHaveLength(2);
  });

  it("downloads an hf: URI from the CLI only when asked, and registers it", async () => {
    const added = await models(cli, "add hf:clinic/tiny/tiny-hf.gguf");
    const entry = added.data as { path: string; sha256: string; source: string; architecture: string };
    expect(entry).toMatchObject({ sha256: sha(tiny), source: "hf:clinic/tiny/tiny-hf.gguf", architecture: "llama" });
    expect(entry.path.startsWith(modelsDir)).toBe(true);
    expect(hfRequests.some((r) => r.startsWith("GET /clinic/tiny/resolve/main/tiny-hf.gguf"))).toBe(true);
  }, 60_000);

  it("a failed download says what to do instead", async () => {
    await expect(models(cli, "add hf:clinic/tiny/absent.gguf")).rejects.toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringMatching(/^Could not download hf:clinic\/tiny\/absent\.gguf: .*copy the file to this machine and run "rounds models add <path>"/) });
  }, 60_000);

  it("a catalogued file that changed afterwards is refused before it is loaded", async () => {
    const path = join(dir, "changing.gguf");
    writeFileSync(path, tiny);
    await models(cli, `add ${path}`);
    const catalog = new ModelCatalog(join(app.host.dataDirFor("@rounds/plugin-llama-cpp"), "models.json"));
    await expect(catalog.verify(path)).resolves.toBeUndefined();
    appendFileSync(path, Buffer.from([0]));
    await expect(catalog.verify(path)).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED", message: expect.stringMatching(/changing\.gguf changed since it was added/) });
    const worker = new ModelWorker({ modelPath: path, threads: 1, contextSize: 256, sequences: 1, gpu: false, maxConcurrent: 1, idleUnloadMs: 0, timeoutMs: 30_000, logger: silentLogger(), beforeLoad: () => catalog.verify(path) });
    await expect(worker.start()).rejects.toMatchObject({ code: "MODEL_LOAD_FAILED" });
    expect(worker.metrics().loads).toBe(0);
  });

  it("unknown sub-commands get the usage", async () => {
    await expect(models(cli, "remove x")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Usage: models list \| models add/) });
  });
});
