import { GuardedSqlSource, RoundsError, withholdPatientRows, type DataResult, type DataRunOptions, type DataValue, type GuardedQuery } from "@rounds/core";
import { pgliteSetupSql } from "./access-setup-sql.ts";
import { PgliteWorker, WorkerSqlError, WorkerTimeout, type WorkerCell } from "./pglite-worker.ts";
import { READER_ROLE, type SourceSettings } from "./source-settings.ts";

/** numeric (1700) arrives as text: shown as a number when it is exact enough. */
const cell = (v: WorkerCell | undefined, type?: number): DataValue =>
  v === null || v === undefined ? null
    : typeof v === "string" && type === 1700 && Number.isFinite(Number(v)) ? Number(v)
      : typeof v === "number" || typeof v === "boolean" || typeof v === "string" ? v
        : typeof v === "bigint" ? Number(v)
          : v instanceof Date ? v.toISOString()
            : JSON.stringify(v);

/** The setup and its checks get longer than a question: opening a folder takes seconds on a loaded machine. */
const SETUP_TIMEOUT_MS = 60_000;

/**
 * A practice's data in a PGlite folder (the embedded tier), per organisation.
 * The same guard as the PostgreSQL source (`guardSql`, PostgreSQL's own
 * parser) checks every query; it then runs in a READ ONLY transaction as the
 * NOLOGIN role `rounds_reader` (`SET LOCAL ROLE`: column grants, row-level
 * security with the organisation's tenant set by `set_config(…, true)`,
 * generated de-identified views), after an `EXPLAIN` whose cost must stay
 * under the limit, in a worker thread that is terminated at the time limit.
 *
 * Before the first question the folder is set up (`pgliteSetupSql`) and
 * checked as the role: every allow-listed relation must show no row without
 * the tenant setting and be readable with it. A folder where that does not
 * hold (a table without the tenant column, a permissive policy someone added)
 * is refused (`CONFIG_INVALID`) rather than answered from.
 */
export class PgliteDataSource extends GuardedSqlSource<SourceSettings> {
  private readonly workers = new Map<string, PgliteWorker>();
  private readonly ready = new Map<string, Promise<void>>();

  /** One worker per folder: organisations sharing a folder (by tenant) share its one session. */
  private worker(s: SourceSettings): PgliteWorker {
    let w = this.workers.get(s.dataDir);
    if (!w) this.workers.set(s.dataDir, w = new PgliteWorker(s.dataDir));
    return w;
  }

  /**
   * Sets the folder up for the organisation's allow list and checks it as
   * the role (once per organisation and process; a failure is retried on
   * the next question). Exposed for tests and for an explicit check.
   */
  prepare(organizationId: string): Promise<void> {
    const s = this.need(organizationId);
    let p = this.ready.get(organizationId);
    if (!p) {
      p = this.setUp(s).catch((e: unknown) => {
        this.ready.delete(organizationId);
        throw e;
      });
      this.ready.set(organizationId, p);
    }
    return p;
  }

  private async setUp(s: SourceSettings): Promise<void> {
    const worker = this.worker(s);
    const tables = this.tablesOf(s);
    try {
      await worker.setup(pgliteSetupSql(s), SETUP_TIMEOUT_MS);
    } catch (e) {
      const code = e instanceof WorkerSqlError ? e.code : undefined;
      throw new RoundsError("CONFIG_INVALID", `The PGlite practice database could not be set up for the allow list${code ? ` (SQLSTATE ${code})` : ""}: check that every table and column named (and each table's tenant column) exists.`, { details: { reason: code ?? "open" } });
    }
    // The guarantees the answers rest on, checked as the role the answers run as.
    for (const t of tables) {
      const columns = t.columns.map((c) => `"${c.name}"`).join(", ");
      const count = `SELECT count(*)::int AS n FROM (SELECT ${columns} FROM "${t.name}") AS x`;
      const without = await worker.read({ role: READER_ROLE, tenant: null, sql: count, params: [], costLimit: Number.POSITIVE_INFINITY }, SETUP_TIMEOUT_MS).catch(() => undefined);
      if (!without || Number(without.rows?.[0]?.n) !== 0) {
        throw new RoundsError("CONFIG_INVALID", `Refused: ${t.name} shows rows without the organisation's tenant setting (or cannot be read as ${READER_ROLE}), so row-level security would not hold in this PGlite folder.`, { details: { relation: t.name } });
      }
      const withTenant = await worker.read({ role: READER_ROLE, tenant: s.tenantId, sql: count, params: [], costLimit: Number.POSITIVE_INFINITY }, SETUP_TIMEOUT_MS).catch(() => undefined);
      if (!withTenant) throw new RoundsError("CONFIG_INVALID", `Refused: ${t.name} cannot be read as ${READER_ROLE} with the organisation's tenant.`, { details: { relation: t.name } });
    }
  }

  protected async execute(s: SourceSettings, guarded: GuardedQuery, parameters: DataValue[], options: DataRunOptions): Promise<DataResult> {
    await this.prepare(s.organizationId);
    if (options.signal?.aborted) throw new RoundsError("BAD_REQUEST", "The data question was cancelled.");
    const sql = `SELECT * FROM (\n${guarded.statement}\n) AS rounds_result LIMIT ${s.rowLimit + 1}`;
    const started = performance.now();
    let reply;
    try {
      // The differencing guard's view of the same answer: each row's patient keys (same transaction, role, tenant and parameters; never shown).
      const cohortSql = guarded.patientKeysStatement ? `SELECT * FROM (\n${guarded.patientKeysStatement}\n) AS rounds_cohorts LIMIT ${s.rowLimit + 1}` : undefined;
      reply = await this.worker(s).read({ role: READER_ROLE, tenant: s.tenantId, sql, params: parameters, costLimit: s.costLimit, ...(cohortSql ? { cohortSql } : {}) }, s.statementTimeoutMs);
    } catch (e) {
      if (e instanceof WorkerTimeout) {
        this.logger.warn({ sourceId: this.id, reason: "timeout" }, "data query stopped at the time limit");
        throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: it ran past the ${s.statementTimeoutMs} ms limit.`, { details: { reason: "timeout" } });
      }
      const code = e instanceof WorkerSqlError ? e.code : undefined;
      this.logger.warn({ sqlState: code, sourceId: this.id }, "data query failed in the database");
      if (code === "25006" || code === "42501") throw new RoundsError("DATA_QUERY_REFUSED", "Query refused by the database: Rounds' role may only read the allow-listed data.", { details: { reason: code } });
      if (code && /^(42|22|21|54)/.test(code)) throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: the database could not run it (SQLSTATE ${code}).`, { details: { reason: code } });
      throw new RoundsError("UPSTREAM_FAILED", `The practice database could not be opened or failed (${code ?? "no SQLSTATE"}).`, { details: { sqlState: code ?? null } });
    }
    if (reply.refusedForCost) {
      throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: its plan costs ${Number.isFinite(reply.cost) ? Math.round(reply.cost) : "an unknown amount"}, above the limit of ${s.costLimit}.`, { details: { reason: "cost" } });
    }
    const fields = reply.fields ?? [];
    let rows = reply.rows ?? [];
    const truncated = rows.length > s.rowLimit;
    if (truncated) rows = rows.slice(0, s.rowLimit);
    const columns = fields.map((f) => f.name);
    const shown = await withholdPatientRows({ rows, columns, guarded, cohortRows: reply.cohortRows, k: s.k, guard: this.differencingFor(s) });
    rows = shown.rows;
    const { suppressedRows, differencedRows } = shown;
    this.logger.info({ sourceId: this.id, rows: rows.length, suppressedRows, differencedRows, ms: Math.round(performance.now() - started) }, "data query ran");
    return { columns, rows: rows.map((r) => fields.map((f) => cell(r[f.name], f.dataTypeID))), sql, parameters, suppressedRows, differencedRows, truncated };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
    this.ready.clear();
  }
}
