import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./load-config.ts";
import type { RoundsError } from "../errors/index.ts";

/** A folder with plugin packages whose manifests declare environment variables, as a clinic's own plugin would. */
function pluginsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rounds-cfg-plugins-"));
  const plugin = (folder: string, name: string, properties: object) => {
    mkdirSync(join(dir, folder));
    writeFileSync(join(dir, folder, "package.json"), JSON.stringify({ name, version: "1.0.0", rounds: { displayName: name, contributes: { channels: [{ id: folder }], configuration: { type: "object", properties } } } }));
  };
  plugin("a-plugin", "a-plugin", {});
  plugin("pager", "@clinic/plugin-pager", {
    token: { type: "string", env: "PAGER_TOKEN" },
    retries: { type: "integer", env: "ROUNDS_PAGER_RETRIES" },
    quiet: { type: "boolean", env: "PAGER_QUIET" },
    wards: { type: "array", items: { type: "string" }, env: "PAGER_WARDS" },
    port: { type: "integer" },
  });
  plugin("copycat", "@clinic/plugin-copycat", { token: { type: "string", env: "PAGER_TOKEN" } });
  plugin("squatter", "@clinic/plugin-squatter", { url: { type: "string", env: "DATABASE_URL" } });
  mkdirSync(join(dir, "vault"));
  writeFileSync(join(dir, "vault", "package.json"), JSON.stringify({ name: "@clinic/plugin-vault", version: "1.0.0", rounds: { displayName: "vault", contributes: {
    blobStores: [{ id: "vault" }],
    configuration: { type: "object", properties: { bucket: { type: "string", env: "VAULT_BUCKET" }, region: { type: "string", env: "VAULT_REGION" } } },
  } } }));
  return dir;
}

describe("loadConfig", () => {
  it("gives working embedded defaults with no file and no environment", () => {
    const c = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), "rounds-cfg-")) });
    expect(c.tier).toBe("embedded");
    expect(c.database.url).toBeUndefined();
    expect(c.queue.redisUrl).toBeUndefined();
    expect(c.blob.store).toBe("fs");
    // Core names no plugin: the composition root (bot) gives the default set.
    expect(c.plugins).toEqual([]);
    expect(loadConfig({ env: {}, defaults: { plugins: ["./a-plugin"] }, resolvePluginsFrom: pluginsDir() }).plugins).toEqual(["./a-plugin"]);
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

  it("requires a server secret on the server tier", () => {
    expect(() => loadConfig({ env: { ROUNDS_TIER: "server" } })).toThrow(/serverSecret/);
  });

  it("reads a blob store's settings from its plugin's variables and refuses them under blob.<store>, naming the new place", () => {
    const dir = pluginsDir();
    const c = loadConfig({ cwd: dir, env: { ROUNDS_BLOB_STORE: "vault", VAULT_BUCKET: "b" }, overrides: { plugins: ["./vault"] }, resolvePluginsFrom: dir });
    expect(c.blob).toEqual({ store: "vault" });
    expect(c.pluginSettings["@clinic/plugin-vault"]).toEqual({ bucket: "b" });
    // A config file from before the move: refused, with where the settings go now.
    writeFileSync(join(dir, "rounds.config.json"), JSON.stringify({ plugins: ["./vault"], blob: { store: "vault", vault: { bucket: "b" } } }));
    const moved = (() => {
      try {
        loadConfig({ cwd: dir, env: {}, resolvePluginsFrom: dir });
      } catch (e) {
        return e as RoundsError;
      }
      throw new Error("loadConfig accepted blob.vault");
    })();
    expect(moved.code).toBe("CONFIG_INVALID");
    expect(moved.message).toBe('Setting blob.vault has moved to pluginSettings["@clinic/plugin-vault"] (the plugin that provides the vault store), or set VAULT_BUCKET, VAULT_REGION; move its settings there.');
    // No plugin provides the store: the key is just unknown.
    writeFileSync(join(dir, "rounds.config.json"), JSON.stringify({ blob: { store: "fs", s3: { bucket: "b" } } }));
    expect(() => loadConfig({ cwd: dir, env: {}, resolvePluginsFrom: dir })).toThrow(/Unknown setting blob\.s3/);
  });

  it("reads a plugin's environment variables from its manifest, typed, below explicit options", () => {
    const dir = pluginsDir();
    const env = { PAGER_TOKEN: "t-1", ROUNDS_PAGER_RETRIES: "3", PAGER_QUIET: "true", PAGER_WARDS: "a, b" };
    const c = loadConfig({ cwd: dir, env, overrides: { plugins: ["./pager"] }, resolvePluginsFrom: dir });
    expect(c.pluginSettings["@clinic/plugin-pager"]).toEqual({ token: "t-1", retries: 3, quiet: true, wards: ["a", "b"] });
    const explicit = loadConfig({ cwd: dir, env, overrides: { plugins: ["./pager"], pluginSettings: { "@clinic/plugin-pager": { token: "t-2" } } }, resolvePluginsFrom: dir });
    expect(explicit.pluginSettings["@clinic/plugin-pager"]).toMatchObject({ token: "t-2", retries: 3 });
    // The plugins list may itself come from the environment.
    expect(loadConfig({ cwd: dir, env: { ...env, ROUNDS_PLUGINS: "./pager" }, resolvePluginsFrom: dir }).pluginSettings["@clinic/plugin-pager"]).toMatchObject({ token: "t-1" });
  });

  it("a plugin's ROUNDS_* variable is known only while that plugin is configured; bad values and clashing names are refused", () => {
    const dir = pluginsDir();
    expect(() => loadConfig({ cwd: dir, env: { ROUNDS_PAGER_RETRIES: "3" }, resolvePluginsFrom: dir })).toThrow(/Unknown setting ROUNDS_PAGER_RETRIES/);
    expect(() => loadConfig({ cwd: dir, env: { ROUNDS_PAGER_RETRIES: "three" }, overrides: { plugins: ["./pager"] }, resolvePluginsFrom: dir })).toThrow(/ROUNDS_PAGER_RETRIES must be a number/);
    expect(() => loadConfig({ cwd: dir, env: {}, overrides: { plugins: ["./pager", "./copycat"] }, resolvePluginsFrom: dir })).toThrow(/@clinic\/plugin-copycat declares the environment variable PAGER_TOKEN, which @clinic\/plugin-pager already uses/);
    expect(() => loadConfig({ cwd: dir, env: {}, overrides: { plugins: ["./squatter"] }, resolvePluginsFrom: dir })).toThrow(/DATABASE_URL, which Rounds itself already uses/);
    expect(() => loadConfig({ cwd: dir, env: {}, overrides: { plugins: ["./nowhere"] }, resolvePluginsFrom: dir })).toThrow(/Plugin folder \.\/nowhere has no package\.json/);
  });
});
