import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { RoundsError } from "../errors/index.ts";
import { readPluginManifest } from "../plugins/host.ts";
import { pluginSettings } from "../plugins/plugin-settings.ts";
import { configSchema, environmentVariables, type EnvironmentVariable, type RoundsConfig, type RoundsConfigInput } from "./schema.ts";

export interface LoadConfigOptions {
  /** Path of a JSON config file; default `rounds.config.json` in `cwd` when it exists. */
  file?: string;
  /** The environment to read; pass `process.env` at the edge, `{}` in tests. */
  env?: Record<string, string | undefined>;
  /** Explicit options: beat environment and file. */
  overrides?: RoundsConfigInput;
  /** What the file may leave out (the composition root's default plugins): beaten by everything. */
  defaults?: RoundsConfigInput;
  /** Where plugin packages are found, to read the environment variables their manifests declare; default `cwd`. */
  resolvePluginsFrom?: string;
  cwd?: string;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = isObject(v) && isObject(out[k]) ? deepMerge(out[k], v) : v;
  }
  return out;
}

function setPath(target: Json, path: string | string[], value: unknown): void {
  const parts = typeof path === "string" ? path.split(".") : path;
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as Json;
  }
  node[parts.at(-1)!] = value;
}

type LoadedManifest = ReturnType<typeof readPluginManifest>;

/** The manifests of the configured plugins, read once for what they declare. */
function configuredManifests(plugins: unknown, resolveFrom: string): LoadedManifest[] {
  return (Array.isArray(plugins) ? plugins : []).filter((spec): spec is string => typeof spec === "string").map((spec) => readPluginManifest(spec, resolveFrom));
}

/**
 * The environment variables the configured plugins' manifests declare
 * (`contributes.configuration.properties.<setting>.env`), each mapped to
 * `pluginSettings.<plugin>.<setting>`. Two owners of one name is an error.
 */
export function pluginVariables(manifests: LoadedManifest[]): Record<string, EnvironmentVariable> {
  const out: Record<string, EnvironmentVariable & { owner: string }> = {};
  for (const loaded of manifests) {
    for (const setting of pluginSettings(loaded)) {
      if (!setting.env) continue;
      const owner = out[setting.env]?.owner ?? (environmentVariables[setting.env] ? "Rounds itself" : undefined);
      if (owner) {
        throw new RoundsError("PLUGIN_MANIFEST_INVALID", `Plugin ${loaded.name} declares the environment variable ${setting.env}, which ${owner} already uses.`, { details: { plugin: loaded.name, setting: setting.env } });
      }
      out[setting.env] = { path: ["pluginSettings", loaded.name, setting.name], type: setting.type, owner: loaded.name };
    }
  }
  return out;
}

/**
 * A blob store's settings under `blob.<store id>` (where older versions kept
 * them) belong to the plugin that contributes that store: refuse, naming the
 * new place, rather than guess a translation or silently ignore them.
 */
function refuseMovedBlobSettings(blob: unknown, manifests: LoadedManifest[]): void {
  if (!isObject(blob)) return;
  for (const key of Object.keys(blob)) {
    const owner = manifests.find((m) => m.manifest.contributes.blobStores?.some((store) => store.id === key));
    if (!owner) continue;
    const variables = pluginSettings(owner).flatMap((s) => (s.env ? [s.env] : []));
    throw new RoundsError(
      "CONFIG_INVALID",
      `Setting blob.${key} has moved to pluginSettings["${owner.name}"] (the plugin that provides the ${key} store)${variables.length ? `, or set ${variables.join(", ")}` : ""}; move its settings there.`,
      { details: { setting: `blob.${key}`, plugin: owner.name } },
    );
  }
}

/** The settings the environment gives; `strict`: any other `ROUNDS_*` variable is an error. */
function fromEnv(env: Record<string, string | undefined>, known: Record<string, EnvironmentVariable>, { strict }: { strict: boolean }): Json {
  const out: Json = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || raw === "") continue;
    const spec = known[name];
    if (!spec) {
      if (strict && name.startsWith("ROUNDS_")) {
        throw new RoundsError("CONFIG_INVALID", `Unknown setting ${name} in the environment.`, { details: { setting: name } });
      }
      continue;
    }
    if (spec.path.length === 0) continue;
    let value: unknown = raw;
    if (spec.type === "number") {
      value = Number(raw);
      if (!Number.isFinite(value)) throw new RoundsError("CONFIG_INVALID", `Setting ${name} must be a number.`, { details: { setting: name } });
    } else if (spec.type === "boolean") {
      if (!["true", "false", "1", "0"].includes(raw)) throw new RoundsError("CONFIG_INVALID", `Setting ${name} must be true or false.`, { details: { setting: name } });
      value = raw === "true" || raw === "1";
    } else if (spec.type === "list") {
      value = raw.split(",").map((s) => s.trim()).filter(Boolean);
    }
    setPath(out, spec.path, value);
  }
  return out;
}

/** Reads, merges and validates the configuration once. Errors name the setting. */
export function loadConfig(options: LoadConfigOptions = {}): RoundsConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? {};
  const fileName = options.file ?? env.ROUNDS_CONFIG;
  let fileConfig: Json = {};
  const path = fileName ? (isAbsolute(fileName) ? fileName : resolve(cwd, fileName)) : resolve(cwd, "rounds.config.json");
  if (fileName && !existsSync(path)) {
    throw new RoundsError("CONFIG_INVALID", `Config file ${fileName} does not exist.`, { details: { setting: "config" } });
  }
  if (existsSync(path)) {
    try {
      fileConfig = JSON.parse(readFileSync(path, "utf8")) as Json;
    } catch {
      throw new RoundsError("CONFIG_INVALID", `Config file ${path} is not valid JSON.`, { details: { setting: "config" } });
    }
  }
  const overrides = (options.overrides ?? {}) as Json;
  const coreEnv = fromEnv(env, environmentVariables, { strict: false });
  const plugins = overrides.plugins ?? coreEnv.plugins ?? fileConfig.plugins ?? (options.defaults as Json | undefined)?.plugins;
  const manifests = configuredManifests(plugins, options.resolvePluginsFrom ?? cwd);
  const known = { ...environmentVariables, ...pluginVariables(manifests) };
  const merged = deepMerge(deepMerge(deepMerge((options.defaults ?? {}), fileConfig), fromEnv(env, known, { strict: true })), overrides);
  refuseMovedBlobSettings(merged.blob, manifests);
  return parseConfig(merged, cwd);
}

/** Validates a config object; relative `dataDir` resolves against `cwd`. */
export function parseConfig(input: unknown, cwd = process.cwd()): RoundsConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys ?? [] : [];
    const base = issue.path.map(String).join(".");
    const setting = keys.length > 0 ? [base, keys[0]].filter(Boolean).join(".") : base || "(root)";
    const message = keys.length > 0 ? `Unknown setting ${setting}.` : `Setting ${setting} is invalid: ${issue.message}.`;
    throw new RoundsError("CONFIG_INVALID", message, { details: { setting } });
  }
  const config = parsed.data;
  config.dataDir = resolve(cwd, config.dataDir);
  if (config.tier === "server" && !config.serverSecret) {
    throw new RoundsError("CONFIG_INVALID", "Setting serverSecret is required on the server tier (ROUNDS_SERVER_SECRET).", { details: { setting: "serverSecret" } });
  }
  return config;
}
