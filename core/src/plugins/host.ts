/**
 * The plugin host, VS Code style: it reads manifests of the plugins named in
 * configuration, validates them at boot, activates each plugin lazily the
 * first time one of its contributions is needed (or at boot for
 * `onStartup`), checks that `activate` registers exactly what the manifest
 * declares, and disposes everything in reverse activation order.
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import { RoundsError } from "../errors/index.ts";
import type { Logger } from "../logging/logger.ts";
import { silentLogger } from "../logging/logger.ts";
import type { Disposable } from "../ports/index.ts";
import {
  contributionKinds, manifestSchema, type CommandContribution, type ContributionKind, type LoadedManifest,
} from "./manifest.ts";
import type { Implementation, Registration } from "./registry.ts";
import { pluginSettings, type PluginSetting } from "./plugin-settings.ts";
import { requireOptionalDependencies } from "./optional-dependencies.ts";

export type Tier = "embedded" | "server" | "on-prem";

export interface PluginContext {
  /** The plugin's package name. */
  readonly pluginId: string;
  /** Settings after validation against the manifest's `configuration` schema (defaults applied). */
  readonly settings: Record<string, unknown>;
  readonly tier: Tier;
  /** Folder for the plugin's local state (models, caches). */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Disposed in reverse order when the host shuts down. */
  readonly subscriptions: Disposable[];
  /** Registers an implementation for an id the manifest declares. */
  register<K extends ContributionKind>(kind: K, id: string, implementation: Registration<K>): void;
  /** Services the host shares with plugins (see `HostServices`). */
  readonly services: HostServices;
}

/**
 * What core lends to plugins. Kept small and open: the app adds services
 * (e.g. `store`, `jobs`) before plugins activate.
 */
export interface HostServices {
  [name: string]: unknown;
}

export interface PluginModule {
  activate(ctx: PluginContext): void | Disposable | Promise<void | Disposable>;
}

export type PluginState = "inactive" | "activating" | "active" | "failed" | "refused";

export interface PluginInfo {
  name: string;
  version: string;
  displayName: string;
  state: PluginState;
  egress: boolean;
  error?: string;
  contributes: Partial<Record<ContributionKind, string[]>>;
  /** Its settings from `contributes.configuration`, each with its environment variable and whether it is set (never its value). */
  settings: Array<PluginSetting & { set: boolean }>;
}

/** A plugin given in code rather than found on disk (tests, embedding apps). */
export interface InlinePlugin {
  name: string;
  version?: string;
  manifest: unknown;
  module: PluginModule;
}

export interface PluginHostOptions {
  /** Package names or folder paths of plugins to load, in order. */
  plugins: Array<string | InlinePlugin>;
  tier?: Tier;
  dataDir?: string;
  /** Settings per plugin package name. */
  settings?: Record<string, Record<string, unknown> | undefined>;
  logger?: Logger;
  /** Where package names resolve from (defaults to the current directory). */
  resolveFrom?: string;
  services?: HostServices;
}

interface PluginRecord {
  loaded: LoadedManifest;
  inline?: PluginModule;
  state: PluginState;
  error?: RoundsError;
  activation?: Promise<void>;
  registrations: Map<string, Registration<ContributionKind>>;
  instances: Map<string, Promise<unknown>>;
  subscriptions: Disposable[];
}

const key = (kind: ContributionKind, id: string) => `${kind}:${id}`;

export class PluginHost {
  readonly tier: Tier;
  readonly services: HostServices;
  private readonly records: PluginRecord[] = [];
  private readonly owners = new Map<string, PluginRecord>();
  private readonly activationOrder: PluginRecord[] = [];
  private readonly logger: Logger;
  private readonly dataDir: string;
  private readonly settings: Record<string, Record<string, unknown> | undefined>;
  private disposed = false;

  private constructor(options: PluginHostOptions) {
    this.tier = options.tier ?? "embedded";
    this.logger = options.logger ?? silentLogger();
    this.dataDir = options.dataDir ?? resolve(".rounds");
    this.settings = options.settings ?? {};
    this.services = options.services ?? {};
  }

  /** Finds and validates every plugin's manifest; activates none but `onStartup` ones. */
  static async create(options: PluginHostOptions): Promise<PluginHost> {
    const host = new PluginHost(options);
    const resolveFrom = options.resolveFrom ?? process.cwd();
    for (const spec of options.plugins) {
      const record = typeof spec === "string" ? loadFromDisk(spec, resolveFrom) : loadInline(spec);
      host.add(record);
    }
    for (const record of host.records) {
      if (record.loaded.manifest.activationEvents?.includes("onStartup")) await host.activate(record);
    }
    return host;
  }

  private add(record: PluginRecord): void {
    if (this.records.some((r) => r.loaded.name === record.loaded.name)) {
      throw new RoundsError("PLUGIN_MANIFEST_INVALID", `Plugin ${record.loaded.name} is listed twice.`);
    }
    for (const kind of contributionKinds) {
      for (const c of record.loaded.manifest.contributes[kind] ?? []) {
        const k = key(kind, c.id);
        const other = this.owners.get(k);
        if (other) {
          throw new RoundsError(
            "PLUGIN_MANIFEST_INVALID",
            `Plugins ${other.loaded.name} and ${record.loaded.name} both contribute ${kind} "${c.id}".`,
          );
        }
        this.owners.set(k, record);
      }
    }
    this.records.push(record);
  }

  /** Every plugin with its state, for `rounds plugins` and readiness. */
  /** The folder a plugin keeps its own files in (`ctx.dataDir`). */
  dataDirFor(pluginName: string): string {
    return join(this.dataDir, "plugins", pluginName.replace(/^@/, "").replace(/\//g, "__"));
  }

  list(): PluginInfo[] {
    return this.records.map((r) => ({
      name: r.loaded.name,
      version: r.loaded.version,
      displayName: r.loaded.manifest.displayName,
      state: r.state,
      egress: r.loaded.manifest.egress ?? false,
      ...(r.error ? { error: r.error.message } : {}),
      contributes: Object.fromEntries(
        contributionKinds
          .filter((k) => (r.loaded.manifest.contributes[k]?.length ?? 0) > 0)
          .map((k) => [k, (r.loaded.manifest.contributes[k] ?? []).map((c) => c.id)]),
      ),
      settings: pluginSettings(r.loaded).map((setting) => ({ ...setting, set: this.settings[r.loaded.name]?.[setting.name] !== undefined })),
    }));
  }

  /** Ids contributed for a kind, from manifests (no activation). */
  ids(kind: ContributionKind): string[] {
    return this.records.flatMap((r) => (r.loaded.manifest.contributes[kind] ?? []).map((c) => c.id));
  }

  has(kind: ContributionKind, id: string): boolean {
    return this.owners.has(key(kind, id));
  }

  /** Command contributions from all manifests, for help texts and channel registration. */
  commands(): Array<CommandContribution & { plugin: string }> {
    return this.records.flatMap((r) => (r.loaded.manifest.contributes.commands ?? []).map((c) => ({ ...c, plugin: r.loaded.name })));
  }

  /** The parser contributed for a media type, if any. */
  parserIdFor(mediaType: string): string | undefined {
    for (const r of this.records) {
      const hit = r.loaded.manifest.contributes.parsers?.find((p) => p.mediaTypes.includes(mediaType));
      if (hit) return hit.id;
    }
    return undefined;
  }

  /** Resolves an implementation, activating its plugin on first use. */
  async get<K extends ContributionKind>(kind: K, id: string): Promise<Implementation<K>> {
    if (this.disposed) throw new RoundsError("NOT_READY", "The plugin host has been shut down.");
    const record = this.owners.get(key(kind, id));
    if (!record) {
      throw new RoundsError("CONTRIBUTION_NOT_FOUND", `No configured plugin contributes ${kind} "${id}".`, { details: { kind, id } });
    }
    await this.activate(record);
    const k = key(kind, id);
    let instance = record.instances.get(k);
    if (!instance) {
      const registration = record.registrations.get(k);
      instance = Promise.resolve(typeof registration === "function" && !isHandlerObject(registration)
        ? (registration as () => unknown)()
        : registration)
        .then((value) => {
          if (isDisposable(value)) record.subscriptions.push(value);
          return value;
        });
      record.instances.set(k, instance);
    }
    return (await instance) as Implementation<K>;
  }

  private activate(record: PluginRecord): Promise<void> {
    if (record.state === "failed" || record.state === "refused") return Promise.reject(record.error ?? new RoundsError("INTERNAL", `Plugin ${record.loaded.name} did not activate.`));
    record.activation ??= this.doActivate(record);
    return record.activation;
  }

  private async doActivate(record: PluginRecord): Promise<void> {
    const { name, manifest } = record.loaded;
    const fail = (error: RoundsError, state: PluginState = "failed"): never => {
      record.state = state;
      record.error = error;
      this.logger.error({ plugin: name, code: error.code }, "plugin activation failed");
      throw error;
    };
    if (this.tier === "on-prem" && manifest.egress) {
      fail(new RoundsError(
        "PLUGIN_EGRESS_REFUSED",
        `Plugin ${name} sends data off this machine and is refused on the on-prem tier. Remove it from "plugins" or use a local alternative.`,
        { details: { plugin: name } },
      ), "refused");
    }
    record.state = "activating";
    const settings = validateSettings(record.loaded, this.settings[name] ?? {}, fail);
    let mod: PluginModule;
    try {
      mod = record.inline ?? (await importPlugin(record.loaded));
    } catch (cause) {
      return fail(new RoundsError("PLUGIN_ACTIVATION_FAILED", `Plugin ${name} could not be loaded: ${describe(cause)}`, { cause, details: { plugin: name } }));
    }
    if (typeof mod.activate !== "function") {
      return fail(new RoundsError("PLUGIN_ACTIVATION_FAILED", `Plugin ${name} does not export an activate(ctx) function.`, { details: { plugin: name } }));
    }
    const declared = new Set(contributionKinds.flatMap((k) => (manifest.contributes[k] ?? []).map((c) => key(k, c.id))));
    const ctx: PluginContext = {
      pluginId: name,
      settings,
      tier: this.tier,
      dataDir: this.dataDirFor(name),
      logger: this.logger.child({ plugin: name }),
      subscriptions: record.subscriptions,
      services: this.services,
      register: (kind, id, implementation) => {
        const k = key(kind, id);
        if (!declared.has(k)) {
          throw new RoundsError(
            "PLUGIN_CONTRIBUTION_MISMATCH",
            `Plugin ${name} registered ${kind} "${id}", which its manifest does not declare.`,
            { details: { plugin: name, kind, id } },
          );
        }
        record.registrations.set(k, implementation);
      },
    };
    try {
      const returned = await mod.activate(ctx);
      if (isDisposable(returned)) record.subscriptions.push(returned);
    } catch (cause) {
      await disposeAll(record.subscriptions, this.logger);
      if (RoundsError.isInstance(cause) && cause.code === "PLUGIN_CONTRIBUTION_MISMATCH") return fail(cause);
      return fail(new RoundsError("PLUGIN_ACTIVATION_FAILED", `Plugin ${name} failed to activate: ${describe(cause)}`, { cause, details: { plugin: name } }));
    }
    const missing = [...declared].filter((k) => !record.registrations.has(k));
    if (missing.length > 0) {
      await disposeAll(record.subscriptions, this.logger);
      return fail(new RoundsError(
        "PLUGIN_CONTRIBUTION_MISMATCH",
        `Plugin ${name} declares ${missing.join(", ")} in its manifest but activate() did not register ${missing.length === 1 ? "it" : "them"}.`,
        { details: { plugin: name, missing } },
      ));
    }
    record.state = "active";
    this.activationOrder.push(record);
    this.logger.debug({ plugin: name }, "plugin activated");
  }

  /** Activates every plugin now (for `rounds plugins --activate` and readiness checks). */
  async activateAll(): Promise<void> {
    for (const record of this.records) {
      await this.activate(record).catch(() => undefined);
    }
  }

  /** Disposes every activated plugin in reverse activation order. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const record of [...this.activationOrder].reverse()) {
      await disposeAll(record.subscriptions, this.logger);
      record.state = "inactive";
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}

function isDisposable(value: unknown): value is Disposable {
  return typeof value === "object" && value !== null && typeof (value as Disposable).dispose === "function";
}

/** Command handlers are objects with `run`; factories are bare functions. */
function isHandlerObject(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

async function disposeAll(subscriptions: Disposable[], logger: Logger): Promise<void> {
  while (subscriptions.length > 0) {
    const d = subscriptions.pop()!;
    try {
      await d.dispose();
    } catch (error) {
      logger.warn({ err: error }, "dispose failed");
    }
  }
}

function describe(cause: unknown): string {
  if (RoundsError.isInstance(cause)) return cause.message;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

function parseManifest(name: string, version: string, dir: string, raw: unknown): LoadedManifest {
  if (raw === undefined) {
    throw new RoundsError("PLUGIN_MANIFEST_INVALID", `Plugin ${name} has no "rounds" manifest in its package.json.`, { details: { plugin: name } });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(root)";
    throw new RoundsError(
      "PLUGIN_MANIFEST_INVALID",
      `Plugin ${name} has an invalid manifest at rounds.${where}: ${issue?.message ?? "invalid"}.`,
      { details: { plugin: name, path: where } },
    );
  }
  return { name, version, dir, manifest: parsed.data };
}

function loadInline(spec: InlinePlugin): PluginRecord {
  return newRecord(parseManifest(spec.name, spec.version ?? "0.0.0", "", spec.manifest), spec.module);
}

function newRecord(loaded: LoadedManifest, inline?: PluginModule): PluginRecord {
  return {
    loaded, state: "inactive", registrations: new Map(), instances: new Map(), subscriptions: [],
    ...(inline ? { inline } : {}),
  };
}

/** A configured plugin on disk; refused at start, not at first use, when an optional SDK it needs is not installed. */
function loadFromDisk(spec: string, resolveFrom: string): PluginRecord {
  const loaded = readPluginManifest(spec, resolveFrom);
  requireOptionalDependencies(`Plugin ${loaded.name}`, loaded.dir);
  return newRecord(loaded);
}

/** Finds a plugin package (by name, or a folder relative to `resolveFrom`) and validates its manifest. */
export function readPluginManifest(spec: string, resolveFrom: string): LoadedManifest {
  const dir = findPackageDir(spec, resolveFrom);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string; rounds?: unknown };
  return parseManifest(pkg.name ?? spec, pkg.version ?? "0.0.0", dir, pkg.rounds);
}

function findPackageDir(spec: string, resolveFrom: string): string {
  if (spec.startsWith(".") || isAbsolute(spec)) {
    const dir = resolve(resolveFrom, spec);
    if (!existsSync(join(dir, "package.json"))) {
      throw new RoundsError("PLUGIN_NOT_FOUND", `Plugin folder ${spec} has no package.json.`, { details: { plugin: spec } });
    }
    return dir;
  }
  let entry: string;
  try {
    entry = createRequire(join(resolveFrom, "noop.js")).resolve(spec);
  } catch {
    throw new RoundsError("PLUGIN_NOT_FOUND", `Plugin ${spec} is not installed (npm install ${spec}).`, { details: { plugin: spec } });
  }
  let dir = dirname(entry);
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string };
      if (pkg.name === spec) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new RoundsError("PLUGIN_NOT_FOUND", `Plugin ${spec} has no package.json.`, { details: { plugin: spec } });
    dir = parent;
  }
}

async function importPlugin(loaded: LoadedManifest): Promise<PluginModule> {
  const pkg = JSON.parse(readFileSync(join(loaded.dir, "package.json"), "utf8")) as { exports?: unknown; main?: string };
  const exportsField = pkg.exports as string | Record<string, unknown> | undefined;
  const main = exportsField && typeof exportsField === "object" && Object.keys(exportsField).some((key) => key.startsWith(".")) ? exportsField["."] : exportsField;
  const entry = exportTarget(main) ?? pkg.main ?? "./index.js";
  return (await import(pathToFileURL(join(loaded.dir, entry)).href)) as PluginModule;
}

/**
 * A plugin is loaded in the form the host runs in: from TypeScript sources
 * (the `rounds-source` export condition) when the host itself runs from sources
 * (tests, `npm run rounds`), compiled JavaScript otherwise (`npm run build`).
 */
const exportConditions = new Set([...(import.meta.url.endsWith(".ts") ? ["rounds-source"] : []), "import", "node", "default"]);

/** The file an `exports` value names under the conditions above (Node's rule: the first matching key in order). */
function exportTarget(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  for (const [condition, target] of Object.entries(value)) {
    if (exportConditions.has(condition)) return exportTarget(target);
  }
  return undefined;
}

const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: false });

function validateSettings(
  loaded: LoadedManifest,
  given: Record<string, unknown>,
  fail: (e: RoundsError) => never,
): Record<string, unknown> {
  const schema = loaded.manifest.contributes.configuration;
  const settings = structuredClone(given);
  if (!schema) return settings;
  const validate = ajv.compile(schema);
  if (!validate(settings)) {
    const e = validate.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : (e?.params as { missingProperty?: string })?.missingProperty ?? "";
    fail(new RoundsError(
      "CONFIG_INVALID",
      `Setting plugins.${loaded.name}${where ? "." + where : ""} is invalid: ${e?.message ?? "invalid"}.`,
      { details: { plugin: loaded.name, setting: where } },
    ));
  }
  return settings;
}
