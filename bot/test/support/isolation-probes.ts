/**
 * The isolation suite's probe generator. It reads what the server really
 * has: the route table recorded by `createApiServer` (method, URL pattern,
 * schema) and the command registry (id, usage). Every path parameter, query
 * field and body field is filled from the ids harvested from organisation A's
 * fixture, by the field's name (`projectId` → projects, `noteId` → notes, an
 * unknown name → every id), so a route or command added tomorrow is probed
 * with A's ids the day it lands, without editing this file. MCP tools are
 * filled the same way from the input schema each lists in `tools/list`.
 */
import type { RouteEntry } from "@rounds/core/api";

/** Ids harvested from organisation A, by kind, plus the caller's own project (to mix its scope with A's ids). */
export interface Harvest {
  projects: string[];
  documents: string[];
  patients: string[];
  answers: string[];
  notes: string[];
  users: string[];
  apiKeys: string[];
  datasets: string[];
  /** Passages (chunks) of A's document and patient 1's transcript. */
  chunks: string[];
  /** Files on the server's disk that hold A's material (what `ingest <path>` would read). */
  paths: string[];
}

export interface HttpProbe {
  route: string;
  method: string;
  url: string;
  payload?: unknown;
  contentType?: string;
}

export interface McpProbe {
  tool: string;
  arguments: Record<string, unknown>;
}

export interface CommandProbe {
  command: string;
  projectId: string;
  args: string;
}

type Kind = keyof Harvest;
const everyId: Kind[] = ["projects", "documents", "patients", "answers", "notes", "users", "apiKeys", "datasets", "chunks"];

/** Ids for a field of these kinds: all of a named kind; for a field of unknown kind, the first id of every kind (enough to cross every table). */
function idsOf(kinds: Kind[], harvest: Harvest): string[] {
  return [...new Set(kinds.length === 1 ? harvest[kinds[0]!] : kinds.flatMap((k) => harvest[k].slice(0, 1)))];
}

/** Which harvested ids fill a field, by its name; a name nobody foresaw gets every id. */
function kindsFor(name: string): Kind[] {
  const n = name.toLowerCase();
  if (n === "projectid") return ["projects"];
  if (n === "scope") return ["projects"];
  if (n.startsWith("patient")) return ["patients"];
  if (n.startsWith("document")) return ["documents"];
  if (n.startsWith("note")) return ["notes"];
  if (n.startsWith("answer")) return ["answers"];
  if (n.startsWith("user")) return ["users"];
  if (n.startsWith("chunk") || n.startsWith("passage")) return ["chunks"];
  return everyId;
}

/** A question that would retrieve A's material if scope failed; it contains no canary itself. */
const QUESTION = "When should the infusion be paused, and what did the patient say in the last session?";

interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  default?: unknown;
}

/** The values a field is tried with. */
function valuesFor(name: string, schema: Schema | undefined, harvest: Harvest, own: string, allEnum = false): unknown[] {
  const ids = (kinds: Kind[]) => idsOf(kinds, harvest);
  // A path's enum names different things (files of a dataset), so each is tried; elsewhere an enum picks a mode, and the first will do.
  if (schema?.enum) return allEnum ? schema.enum : schema.enum.slice(0, 1);
  const type = [schema?.type ?? "string"].flat()[0];
  if (type === "array") return [valuesFor(name, schema?.items, harvest, own).slice(0, 2)];
  if (type === "boolean") return [true];
  if (type === "integer" || type === "number") return [schema?.default ?? schema?.minimum ?? 1];
  if (type === "object") return [bodyFor(schema, harvest, own)[0]];
  if (name === "scope") return [...new Set([...ids(["projects"]), own, "organization"])];
  if (name === "projectId") return [...new Set([...ids(["projects"]), own])];
  if (schema?.format === "uuid" || /id$/i.test(name) || !schema) return ids(kindsFor(name));
  if (/question|text|query|comment/i.test(name)) return [QUESTION];
  if (/file/i.test(name)) return ["probe.md"];
  if (/cron/.test(name)) return ["0 2 * * 1"];
  return ["probe"];
}

/** Every combination of slot values, or one slot varied at a time when that would be too many. */
function combinations(slots: Array<[string, unknown[]]>, cap = 8): Array<Record<string, unknown>> {
  let all: Array<Record<string, unknown>> = [{}];
  for (const [name, values] of slots) all = all.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  if (all.length <= cap) return all;
  const base = Object.fromEntries(slots.map(([n, v]) => [n, v[0]]));
  return slots.flatMap(([name, values]) => values.map((v) => ({ ...base, [name]: v })));
}

function bodyFor(schema: Schema | undefined, harvest: Harvest, own: string): Array<Record<string, unknown>> {
  const props = Object.entries(schema?.properties ?? {});
  return combinations(props.map(([name, s]) => [name, valuesFor(name, s, harvest, own)]));
}

/** Probes for every route in the table, with A's ids in every slot. */
export function httpProbes(routes: readonly RouteEntry[], harvest: Harvest, own: string): HttpProbe[] {
  const probes: HttpProbe[] = [];
  for (const r of routes) {
    const schema = (r.schema ?? {}) as { params?: Schema; querystring?: Schema; body?: Schema };
    const paramNames = [...r.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? "*");
    const paramSlots: Array<[string, unknown[]]> = paramNames.map((n) => [n, n === "*" ? ["index.html"] : valuesFor(n, schema.params?.properties?.[n], harvest, own, true)]);
    const querySlots: Array<[string, unknown[]]> = Object.entries(schema.querystring?.properties ?? {}).map(([n, s]) => [n, valuesFor(n, s, harvest, own)]);
    const hasBody = !["GET", "HEAD", "DELETE", "OPTIONS"].includes(r.method);
    // A route without a body schema takes raw bytes (uploads) or nothing.
    const bodies: Array<{ payload?: unknown; contentType?: string }> = !hasBody ? [{}]
      : schema.body ? bodyFor(schema.body, harvest, own).map((payload) => ({ payload }))
      : [{ payload: "# Probe\n\nA probe upload about infusion monitoring.", contentType: "application/octet-stream" }];
    for (const combo of combinations([...paramSlots, ...querySlots])) {
      let url = r.url;
      for (const n of paramNames) url = n === "*" ? url.replace("*", String(combo["*"])) : url.replace(`:${n}`, encodeURIComponent(String(combo[n])));
      const query = querySlots.map(([n]) => combo[n]).some((v) => v !== undefined)
        ? `?${querySlots.flatMap(([n]) => [combo[n]].flat().map((v) => `${n}=${encodeURIComponent(String(v))}`)).join("&")}`
        : "";
      for (const b of bodies) probes.push({ route: `${r.method} ${r.url}`, method: r.method, url: url + query, ...b });
    }
  }
  return probes;
}

/**
 * Probes for every command in the registry, from its usage line: each
 * `a | b` alternative, each `x|y` word expanded, each `<placeholder>` filled
 * with A's ids (or, for a path, A's files on disk), run in A's project and in
 * the caller's own.
 */
export function commandProbes(commands: ReadonlyArray<{ id: string; usage?: string | undefined }>, harvest: Harvest, own: string): CommandProbe[] {
  const probes: CommandProbe[] = [];
  for (const c of commands) {
    // A command that documents no usage is still tried with each of A's ids as its argument.
    const forms = (c.usage ?? `${c.id} <id>`).split(/\s+\|\s+/).map((form) => form.trim().replace(new RegExp(`^${c.id}\\b\\s*`), ""));
    const argLists = new Set<string>([""]);
    for (const form of forms) {
      let variants: string[] = [""];
      for (const word of form.match(/"[^"]*"|<[^>]*>|\[[^\]]*\]|\S+/g) ?? []) {
        let options: string[];
        if (word.startsWith("<")) options = placeholder(word.slice(1, -1), harvest);
        else if (word.startsWith("[")) {
          // Optional: try without it and with it (its own placeholders filled the same way).
          const inner = word.slice(1, -1).trim();
          options = ["", ...inner.split(/\s+/).reduce<string[]>((acc, w) => acc.flatMap((a) => (w.startsWith("<") ? placeholder(w.slice(1, -1), harvest) : w.split("|")).map((o) => `${a} ${o}`.trim())), [""])];
        } else options = word.startsWith("\"") ? ["\"0 2 * * 1\""] : word.split("|");
        // Past eight, every further word only varies the first variants' tails: each value is still tried once.
        const next = variants.flatMap((v) => options.map((o) => `${v} ${o}`.trim()));
        const width = Math.max(variants.length, options.length);
        variants = next.length <= 8 ? next : Array.from({ length: width }, (_, i) => `${variants[i % variants.length]} ${options[i % options.length]}`.trim());
      }
      for (const v of variants) argLists.add(v);
    }
    for (const args of argLists) for (const projectId of new Set([...harvest.projects, own])) probes.push({ command: c.id, projectId, args });
  }
  return probes;
}

function placeholder(name: string, harvest: Harvest): string[] {
  if (/path|file|folder|url/i.test(name)) return [...harvest.paths, ...harvest.paths.map((p) => `file://${p}`)];
  if (/question|comment|text|query/i.test(name)) return [QUESTION];
  if (name === "n") return ["5"];
  const ids = idsOf(kindsFor(name.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase()).replace(/^id$/, "anything")), harvest);
  return ids.length ? ids : ["probe"];
}

/** Probes for every MCP tool the server lists, its arguments filled from its input schema with A's ids (and the caller's own project). */
export function mcpProbes(tools: ReadonlyArray<{ name: string; inputSchema: unknown }>, harvest: Harvest, own: string): McpProbe[] {
  return tools.flatMap((t) => bodyFor(t.inputSchema as Schema, harvest, own).map((args) => ({ tool: t.name, arguments: args })));
}
