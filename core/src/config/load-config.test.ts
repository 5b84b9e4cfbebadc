import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";

describe("loadConfig", () => {
  it("gives working embedded defaults with no file and no environment", () => {
    const c = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), "rounds-cfg-")) });
    expect(c.tier).toBe("embedded");
    expect(c.database.url).toBeUndefined();
    expect(c.queue.redisUrl).toBeUndefined();
    expect(c.blob.store).toBe("fs");
    expect(c.plugins.length).toBeGreaterThan(0);
  });

  it("layers file < environment < explicit options", () => {
    const dir = mkdtempSync(join(tmpdir(), "rounds-cfg-"));
    writeFileSync(join(dir, "rounds.config.json"), JSON.stringify({ api: { port: 1111, host: "0.0.0.0" }, log: { level: "warn" } }));
    const c = loadConfig({ cwd: dir, env: { ROUNDS_PORT: "2222" }, overrides: { log: { level: "debug" } } });
    expect(c.api.port).toBe(2222);
    expect(c.api.host).toBe("0.0.0.0");
    expect(c.log.level).toBe("debug");
    const explicit = loadConfig({ cwd: dir, env: { ROUNDS_PORT: "2222" }, overrides: { api: { port: 3333 } } });
    expect(explicit.api.port).toBe(3333);
  });

  it("fails on an invalid setting, naming it", () => {
    expect(() => loadConfig({ env: { ROUNDS_PORT: "eighty" } })).toThrow(/ROUNDS_PORT/);
    expect(() => loadConfig({ env: {}, overrides: { api: { port: 70000 } } })).toThrow(/Setting api\.port is invalid/);
    expect(() => loadConfig({ env: { ROUNDS_TIER: "cloud" } })).toThrow(/Setting tier is invalid/);
  });

  it("fails on unknown settings in the file and the environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "rounds-cfg-"));
    writeFileSync(join(dir, "rounds.config.json"), JSON.stringify({ api: { prot: 1 } }));
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(/Unknown setting api\.prot/);
    expect(() => loadConfig({ env: { ROUNDS_DATABSE_URL: "x" } })).toThrow(/Unknown setting ROUNDS_DATABSE_URL/);
  });

  it("requires a server secret on the server tier and S3 settings for the s3 store", () => {
    expect(() => loadConfig({ env: { ROUNDS_TIER: "server" } })).toThrow(/serverSecret/);
    expect(() => loadConfig({ env: { ROUNDS_BLOB_STORE: "s3" } })).toThrow(/blob\.s3/);
    const c = loadConfig({ env: { ROUNDS_BLOB_STORE: "s3", S3_BUCKET: "b", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true" } });
    expect(c.blob.s3).toMatchObject({ bucket: "b", forcePathStyle: true, region: "us-east-1" });
  });
});
