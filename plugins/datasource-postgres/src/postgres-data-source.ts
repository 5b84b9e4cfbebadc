import { GuardedSqlSource, RoundsError, withholdPatientRows, type DataConnectReport, type DataResult, type DataRunOptions, type DataValue, type GuardedQuery, type PracticeRow } from "@rounds/core";
import postgres from "postgres";
import { accessSetupSql } from "./access-setup-sql.ts";
import type { SourceSettings } from "./source-settings.ts";

type Row = PracticeRow;
/** int8 (count) and numeric arrive as text: shown as numbers when they are exact enough. */
const NUMERIC_TYPES = new Set([20, 1700]);
const cell = (v: unknown, type?: number): DataValue =>
  v === null || v === undefined ? null
    : typeof v === "string" && type !== undefined && NUMERIC_TYPES.has(type) && Number.isFinite(Number(v)) && (type !== 20 || Number.isSafeInteger(Number(v))) ? Number(v)
    : typeof v === "number" || typeof v === "boolean" || typeof v === "string" ? v
      : typeof v === "bigint" ? Number(v)
        : v instanceof Date ? v.toISOString()
          : JSON.stringify(v);

/**
 * A practice's PostgreSQL database, per organisation. Every query is checked
 * by the guard, then runs in a READ ONLY transaction with `SET LOCAL` of the
 * statement timeout and of the organisation's tenant id (which the
 * row-level-security policies and generated views filter by), after an
 * `EXPLAIN` whose cost must stay under the limit; the result is cut at the
 * row limit and rows describing fewer than k patients are withheld.
 */
export class PostgresDataSource extends GuardedSqlSource<SourceSettings> {
  private readonly pools = new Map<string, postgres.Sql>();

  /**
   * Runs `accessSetupSql` for the organisation's allow list with an owner's
   * connection (one transaction: all of it or nothing; the connection is
   * closed at once and never kept), for the role and password of the
   * source's own `url`, then checks as that role on a fresh session: reads
   * are read-only by default, a write is refused, every allow-listed
   * relation shows no row without the tenant setting and can be read with it.
   */
  async connect(organizationId: string, ownerUrl: string): Promise<DataConnectReport> {
    const s = this.need(organizationId);
    let role: string;
    let password: string;
    try {
      const reader = new URL(s.url);
      role = decodeURIComponent(reader.username);
      password = decodeURIComponent(reader.password);
      new URL(ownerUrl);
    } catch {
      throw new RoundsError("BAD_REQUEST", "Give the owner's connection as a postgres:// URL (the source's url must be one too).");
    }
    if (!role) throw new RoundsError("CONFIG_INVALID", "The source's url must name Rounds' read-only role (postgres://role:password@host/db).");
    const statements = accessSetupSql(s, role, password || undefined);
    const owner = postgres(ownerUrl, { max: 1, connect_timeout: 10, onnotice: () => {}, prepare: false });
    try {
      const ownerRole = String((await owner.unsafe("SELECT current_user AS u"))[0]!.u);
      if (ownerRole === role) throw new RoundsError("BAD_REQUEST", "That is Rounds' read-only role: connect with the database owner's role.");
      await owner.begin(async (tx) => { for (const statement of statements) await tx.unsafe(statement); });
    } catch (e) {
      if (e instanceof RoundsError) throw e;
      const code = (e as { code?: string }).code;
      throw new RoundsError("UPSTREAM_FAILED", `Setting up the read-only access failed${code ? ` (SQLSTATE ${code.slice(0, 10)})` : ""}: nothing was changed.`, { details: { reason: code ?? "connection" } });
    } finally {
      await owner.end({ timeout: 5 });
    }
    // The role's settings apply to new sessions: the pool's older connections are dropped, and the checks use a fresh one.
    await this.pools.get(s.organizationId)?.end({ timeout: 5 });
    this.pools.delete(s.organizationId);
    this.forgetCatalogue(s.organizationId);
    const relations = this.tablesOf(s).map((t) => t.name);
    const checks: DataConnectReport["checks"] = [];
    const check = async (name: string, run: () => Promise<boolean>) => {
      checks.push({ check: name, passed: await run().catch(() => false) });
    };
    const probe = postgres(s.url, { max: 1, connect_timeout: 10, onnotice: () => {}, prepare: false });
    try {
      await check("sessions are read-only by default", async () => String((await probe.unsafe("SHOW default_transaction_read_only"))[0]!.default_transaction_read_only) === "on");
      await check("a write is refused", async () => {
        try {
          await probe.unsafe("CREATE TABLE rounds_connect_probe (x int)");
          await probe.unsafe("DROP TABLE IF EXISTS rounds_connect_probe").catch(() => undefined);
          return false;
        } catch (e) {
          return ["25006", "42501"].includes(String((e as { code?: string }).code));
        }
      });
      const tables = this.tablesOf(s);
      await check("no row is visible without the tenant setting", async () => {
        for (const t of tables) if (Number((await probe.unsafe(`SELECT count("${t.columns[0]!.name}") AS n FROM "${t.name}"`))[0]!.n) !== 0) return false;
        return true;
      });
      await check("every allow-listed relation reads with the organisation's tenant", async () => {
        await probe.begin("READ ONLY", async (tx) => {
          await tx.unsafe(`SELECT set_config('rounds.tenant_id', $1, true)`, [s.tenantId]);
          for (const t of tables) await tx.unsafe(`SELECT ${t.columns.map((c) => `"${c.name}"`).join(", ")} FROM "${t.name}" LIMIT 1`);
        });
        return true;
      });
    } finally {
      await probe.end({ timeout: 5 });
    }
    return { role, statements: statements.length, relations, checks };
  }

  private pool(s: SourceSettings): postgres.Sql {
    let pool = this.pools.get(s.organizationId);
    if (!pool) {
      pool = postgres(s.url, { max: 2, idle_timeout: 30, connect_timeout: 10, onnotice: () => {}, prepare: false });
      this.pools.set(s.organizationId, pool);
    }
    return pool;
  }

  protected async execute(s: SourceSettings, guarded: GuardedQuery, parameters: DataValue[], options: DataRunOptions): Promise<DataResult> {
    const sql = `SELECT * FROM (\n${guarded.statement}\n) AS rounds_result LIMIT ${s.rowLimit + 1}`;
    const started = performance.now();
    let rows: Row[];
    let columns: string[];
    let types: number[];
    let cohortRows: Row[] | undefined;
    try {
      const result = await this.pool(s).begin("read only", async (tx) => {
        await tx.unsafe(`SET LOCAL statement_timeout = ${s.statementTimeoutMs}`);
        await tx.unsafe(`SET LOCAL rounds.tenant_id = '${s.tenantId}'`);
        const plan = await tx.unsafe(`EXPLAIN (FORMAT JSON) ${sql}`, parameters as never[]);
        const cost = Number((plan[0]?.["QUERY PLAN"] as Array<{ Plan?: { "Total Cost"?: number } }> | undefined)?.[0]?.Plan?.["Total Cost"]);
        if (!Number.isFinite(cost) || cost > s.costLimit) {
          throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: its plan costs ${Number.isFinite(cost) ? Math.round(cost) : "an unknown amount"}, above the limit of ${s.costLimit}.`, { details: { reason: "cost" } });
        }
        if (options.signal?.aborted) throw new RoundsError("BAD_REQUEST", "The data question was cancelled.");
        const r = await tx.unsafe(sql, parameters as never[]);
        const out = { rows: [...r] as Row[], columns: (r.columns ?? []).map((c) => c.name), types: (r.columns ?? []).map((c) => c.type) };
        // The differencing guard's view of the same answer: each row's patient keys (same transaction, tenant and parameters; never shown).
        const keyed = guarded.patientKeysStatement
          ? [...await tx.unsafe(`SELECT * FROM (\n${guarded.patientKeysStatement}\n) AS rounds_cohorts LIMIT ${s.rowLimit + 1}`, parameters as never[])] as Row[]
          : undefined;
        return { ...out, keyed };
      });
      rows = result.rows;
      columns = result.columns;
      types = result.types;
      cohortRows = result.keyed;
    } catch (e) {
      if (e instanceof RoundsError) throw e;
      const code = (e as { code?: string }).code;
      this.logger.warn({ sqlState: code, sourceId: this.id }, "data query failed in the database");
      if (code === "57014") throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: it ran past the ${s.statementTimeoutMs} ms limit.`, { details: { reason: "timeout" } });
      if (code === "25006" || code === "42501") throw new RoundsError("DATA_QUERY_REFUSED", "Query refused by the database: Rounds' role may only read the allow-listed data.", { details: { reason: code } });
      if (code && /^(42|22|21)/.test(code)) throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: the database could not run it (SQLSTATE ${code}).`, { details: { reason: code } });
      throw new RoundsError("UPSTREAM_FAILED", `The practice database could not be reached or failed (${code ?? "no SQLSTATE"}).`, { details: { sqlState: code ?? null } });
    }
    const truncated = rows.length > s.rowLimit;
    if (truncated) rows = rows.slice(0, s.rowLimit);
    const shown = await withholdPatientRows({ rows, columns, guarded, cohortRows, k: s.k, guard: this.differencingFor(s) });
    rows = shown.rows;
    const { suppressedRows, differencedRows } = shown;
    this.logger.info({ sourceId: this.id, rows: rows.length, suppressedRows, differencedRows, ms: Math.round(performance.now() - started) }, "data query ran");
    return { columns, rows: rows.map((r) => columns.map((c, i) => cell(r[c], types[i]))), sql, parameters, suppressedRows, differencedRows, truncated };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.end({ timeout: 5 })));
    this.pools.clear();
  }
}
