import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import type { Actor, DataCatalog, DataResult, DataRunOptions, DataSource, DataTable, DataValue, Metric } from "../ports/index.ts";
import { guardSql } from "./sql-guard.ts";

/**
 * What an organisation's admins hid of the allow list its practice database
 * grants: whole relations, and columns of the relations still shown (by the
 * names queries use). Only items the database still grants count.
 */
export interface HiddenItems {
  relations: ReadonlySet<string>;
  columns: ReadonlyMap<string, ReadonlySet<string>>;
}

const NOTHING: HiddenItems = { relations: new Set(), columns: new Map() };
const hidesAnything = (h: HiddenItems) => h.relations.size > 0 || h.columns.size > 0;
/** The column every patient-linked relation counts patients by (k-anonymity): hidden only with its relation. */
const PATIENT_KEY = "patient_key";

/** The organisation's hidden items for this source, as far as the source's catalogue (what the database grants) still has them. */
export async function hiddenItems(app: AppContext, organizationId: string, catalog: DataCatalog): Promise<HiddenItems> {
  const stored = await app.store.dataAllowList.list(organizationId, catalog.sourceId);
  if (!stored.length) return NOTHING;
  const byName = new Map(catalog.tables.map((t) => [t.name, t]));
  const relations = new Set<string>();
  const columns = new Map<string, Set<string>>();
  for (const item of stored) {
    const table = byName.get(item.relation);
    if (!table) continue;
    if (item.column === null) relations.add(item.relation);
    else if (table.columns.some((c) => c.name === item.column)) {
      let set = columns.get(item.relation);
      if (!set) columns.set(item.relation, set = new Set());
      set.add(item.column);
    }
  }
  for (const r of relations) columns.delete(r);
  return { relations, columns };
}

/** `relation` or `relation.column` of a relation named in a catalogue relation's `from`/`to`. */
const relationOf = (ref: string) => ref.split(".")[0]!;
const columnOf = (ref: string) => ref.split(".")[1];

/** The catalogue as the organisation's users and the language model see it: hidden relations and columns gone, and the relations between them. */
export function narrowCatalog<C extends DataCatalog>(catalog: C, hidden: HiddenItems): C {
  if (!hidesAnything(hidden)) return catalog;
  const shown = (ref: string) => !hidden.relations.has(relationOf(ref)) && !hidden.columns.get(relationOf(ref))?.has(columnOf(ref) ?? "");
  return {
    ...catalog,
    tables: catalog.tables.filter((t) => !hidden.relations.has(t.name)).map((t) => {
      const cols = hidden.columns.get(t.name);
      return cols ? { ...t, columns: t.columns.filter((c) => !cols.has(c.name)) } : t;
    }),
    relations: catalog.relations.filter((r) => shown(r.from) && shown(r.to)),
  };
}

/**
 * The source as Rounds uses it for one organisation: every statement first
 * passes the SQL guard over the narrowed allow list (a hidden relation or
 * column is refused like one never allow-listed, and nothing may reach a
 * hidden column unnamed: `*`, positional renaming, NATURAL joins), then the
 * source's own guard and run. A metric over a hidden item is refused naming
 * it. Without hidden items, the source itself.
 */
export function narrowSource(source: DataSource, catalog: DataCatalog, hidden: HiddenItems): DataSource {
  if (!hidesAnything(hidden)) return source;
  const check = (sql: string, parameters: boolean, metric?: Metric) => guardNarrowed(sql, parameters, catalog, hidden, metric);
  return {
    specificationVersion: source.specificationVersion,
    id: source.id,
    catalog: async (organizationId) => {
      const c = await source.catalog(organizationId);
      return c && narrowCatalog(c, hidden);
    },
    async runMetric(organizationId: string, metric: Metric, parameters: Record<string, DataValue>, options?: DataRunOptions): Promise<DataResult> {
      await check(metric.sql, true, metric);
      return source.runMetric(organizationId, metric, parameters, options);
    },
    async checkMetric(organizationId: string, metric: Metric): Promise<void> {
      await check(metric.sql, true, metric);
      return source.checkMetric(organizationId, metric);
    },
    async runSql(organizationId: string, sql: string, options?: DataRunOptions): Promise<DataResult> {
      await check(sql, false);
      return source.runSql(organizationId, sql, options);
    },
    ...(source.connect && { connect: source.connect.bind(source) }),
  };
}

/** The SQL guard over the narrowed allow list; a metric refused for what is hidden gets an error naming it. */
async function guardNarrowed(sql: string, parameters: boolean, catalog: DataCatalog, hidden: HiddenItems, metric?: Metric): Promise<void> {
  try {
    await guardSql(sql, narrowCatalog(catalog, hidden).tables, { parameters, hidden: hidden.columns });
  } catch (e) {
    if (metric && e instanceof RoundsError && e.code === "DATA_QUERY_REFUSED") {
      const named = await hiddenNamed(metric.sql, e.details, hidden, catalog);
      if (named) {
        throw new RoundsError("DATA_QUERY_REFUSED", `The metric ${metric.id} uses ${named}, which an admin hid from this organisation's allow list: restore it (data allow-list restore ${named}) or change the metric.`, { details: { reason: "hidden", field: "sql", hidden: named } });
      }
    }
    throw e;
  }
}

/**
 * The hidden `relation` or `relation.column` a refusal of a metric's SQL is
 * about, if it is about one: the relations the metric reads are those the
 * guard finds over the full allow list (a metric valid but for what was hidden).
 */
async function hiddenNamed(sql: string, details: Record<string, unknown> | undefined, hidden: HiddenItems, catalog: DataCatalog): Promise<string | undefined> {
  const relation = typeof details?.relation === "string" ? details.relation : undefined;
  const column = typeof details?.column === "string" ? details.column : undefined;
  if (relation && hidden.relations.has(relation)) return relation;
  const reads = await guardSql(sql, catalog.tables, { parameters: true }).then((g) => g.relations, () => [] as string[]);
  if (column) {
    const r = reads.find((x) => hidden.columns.get(x)?.has(column));
    return r && `${r}.${column}`;
  }
  // `*`, a NATURAL join or a column alias list over a relation with hidden columns.
  const r = (relation && hidden.columns.has(relation) ? relation : undefined) ?? reads.find((x) => hidden.columns.has(x));
  return r && `${r}.${[...hidden.columns.get(r)!][0]!}`;
}

/** One line of the allow list as admins manage it: what the database grants, and what this organisation hid. */
export interface AllowListEntry {
  name: string;
  description: string;
  patientLinked: boolean;
  hidden: boolean;
  columns: Array<{ name: string; type: string; unit?: string; description?: string; hidden: boolean; fixed?: boolean }>;
}

/** The allow list the database grants, each relation and column marked hidden or shown for this organisation. */
export function allowListEntries(catalog: DataCatalog, hidden: HiddenItems): AllowListEntry[] {
  return catalog.tables.map((t) => ({
    name: t.name, description: t.description, patientLinked: t.patientLinked, hidden: hidden.relations.has(t.name),
    columns: t.columns.map((c) => ({
      name: c.name, type: c.type, ...(c.unit && { unit: c.unit }), ...(c.description && { description: c.description }),
      hidden: hidden.columns.get(t.name)?.has(c.name) ?? false, ...(c.name === PATIENT_KEY && t.patientLinked && { fixed: true }),
    })),
  }));
}

/** `relation` or `relation.column`, checked against what the database grants (the source's full catalogue). */
function target(catalog: DataCatalog, spec: string): { relation: string; column: string | null; table: DataTable } {
  const text = spec.trim();
  const m = /^([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?$/.exec(text);
  if (!m) throw new RoundsError("BAD_REQUEST", "Name a relation or a column as relation or relation.column (e.g. stock or stock.unit); data sources lists them.", { details: { field: "target" } });
  const [, relation, column] = m as unknown as [string, string, string | undefined];
  const table = catalog.tables.find((t) => t.name === relation);
  if (!table) {
    throw new RoundsError("BAD_REQUEST", `No relation ${relation} in the allow list the practice database grants. The relations are: ${catalog.tables.map((t) => t.name).join(", ")}.`, { details: { field: "target" } });
  }
  if (column !== undefined && !table.columns.some((c) => c.name === column)) {
    throw new RoundsError("BAD_REQUEST", `No column ${column} in ${relation}'s allow list. Its columns are: ${table.columns.map((c) => c.name).join(", ")}.`, { details: { field: "target" } });
  }
  return { relation, column: column ?? null, table };
}

const requireAdmin = (actor: Actor) => {
  if (actor.role !== "admin") throw new RoundsError("FORBIDDEN", "Only an admin can change what Rounds exposes of the practice database.");
};

/**
 * Hides a relation or column from Rounds for the organisation (admin only):
 * it must be in what the database grants; a patient-linked relation's
 * `patient_key` is hidden only with its relation, and the last shown column
 * of a relation only by hiding the relation. Stored in Rounds' store (no DDL),
 * audited `data.allow_list_hide`. Returns the metrics it leaves refused.
 */
export async function hideAllowListItem(app: AppContext, actor: Actor, spec: string, data: { granted: DataCatalog; catalog: DataCatalog }): Promise<{ relation: string; column: string | null; changed: boolean; metricsRefused: string[] }> {
  requireAdmin(actor);
  const { relation, column, table } = target(data.granted, spec);
  const hidden = await hiddenItems(app, actor.organizationId, data.granted);
  if (column !== null) {
    if (column === PATIENT_KEY && table.patientLinked) {
      throw new RoundsError("BAD_REQUEST", `${relation}.patient_key is how Rounds counts patients (results about fewer than k are withheld): hide the relation ${relation} instead.`, { details: { field: "target" } });
    }
    const left = table.columns.filter((c) => c.name !== column && !hidden.columns.get(relation)?.has(c.name) && !(c.name === PATIENT_KEY && table.patientLinked));
    if (!left.length) throw new RoundsError("BAD_REQUEST", `${column} is the last shown column of ${relation}: hide the relation ${relation} instead.`, { details: { field: "target" } });
  }
  const changed = await app.store.dataAllowList.hide(actor.organizationId, data.granted.sourceId, relation, column, actor.userId);
  if (changed) {
    await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.allow_list_hide", targetType: "data_source", targetId: data.granted.sourceId, details: { relation, ...(column && { column }) } });
  }
  const now = await hiddenItems(app, actor.organizationId, data.granted);
  return { relation, column, changed, metricsRefused: [...(await metricsOverHidden(data.catalog.metrics, data.granted, now)).keys()] };
}

/** Shows again a relation or column the organisation hid (admin only); it must be hidden. Audited `data.allow_list_restore`. */
export async function restoreAllowListItem(app: AppContext, actor: Actor, spec: string, data: { granted: DataCatalog }): Promise<{ relation: string; column: string | null }> {
  requireAdmin(actor);
  const { relation, column } = target(data.granted, spec);
  const restored = await app.store.dataAllowList.restore(actor.organizationId, data.granted.sourceId, relation, column);
  if (!restored) throw new RoundsError("BAD_REQUEST", `${column ? `${relation}.${column}` : relation} is not hidden: nothing to restore.`, { details: { field: "target" } });
  await recordAudit(app, { organizationId: actor.organizationId, actor, action: "data.allow_list_restore", targetType: "data_source", targetId: data.granted.sourceId, details: { relation, ...(column && { column }) } });
  return { relation, column };
}

/** The metrics refused because they use a hidden item: metric id → the hidden `relation` or `relation.column`. */
export async function metricsOverHidden(metrics: Metric[], granted: DataCatalog, hidden: HiddenItems): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!hidesAnything(hidden)) return out;
  for (const m of metrics) {
    await guardNarrowed(m.sql, true, granted, hidden, m).catch((e: unknown) => {
      if (e instanceof RoundsError && e.details?.reason === "hidden") out.set(m.id, String(e.details.hidden));
    });
  }
  return out;
}
