import { RoundsError } from "../errors/index.ts";
import type { DataTable } from "../ports/index.ts";
import { parse } from "libpg-query";

/** What the guard learned of an accepted query. */
export interface GuardedQuery {
  /** The one statement, as written (comments and all), without a trailing semicolon. */
  statement: string;
  relations: string[];
  /** The highest `$n` the statement names (0 without parameters). */
  parameterCount: number;
  /** Set when the query reads patient-linked relations: the output column that counts each row's distinct patients. */
  patientsColumn?: string;
  /**
   * With `patientsColumn`: the same statement with that count replaced by the
   * set of the row's patient keys, which the differencing guard compares with
   * earlier answers (run in the same read-only, tenant-scoped transaction;
   * never shown).
   */
  patientKeysStatement?: string;
}

/**
 * Node types a read query may contain (libpg-query's JSON AST, PostgreSQL's
 * own parse tree). Anything else, anywhere in the tree (INSERT, UPDATE,
 * DELETE, MERGE, a function in FROM, SELECT INTO, locking clauses…), is refused.
 */
const NODES = new Set([
  "SelectStmt", "ResTarget", "ColumnRef", "String", "A_Star", "A_Const", "Integer", "Float", "Boolean", "A_Expr", "BoolExpr",
  "FuncCall", "TypeCast", "TypeName", "RangeVar", "Alias", "JoinExpr", "SortBy", "WithClause", "CommonTableExpr", "SubLink",
  "CaseExpr", "CaseWhen", "CoalesceExpr", "NullTest", "BooleanTest", "SQLValueFunction", "MinMaxExpr", "RangeSubselect", "List",
  "WindowDef", "ParamRef",
]);

/** Functions a query may call: aggregates, arithmetic, text and date helpers. No pg_sleep, dblink, lo_*, set_config, current_setting… */
const FUNCTIONS = new Set([
  "count", "sum", "avg", "min", "max", "stddev", "stddev_samp", "variance", "percentile_cont", "percentile_disc", "bool_and", "bool_or",
  "round", "floor", "ceil", "ceiling", "abs", "trunc", "div", "mod", "greatest", "least", "coalesce", "nullif",
  "lower", "upper", "initcap", "length", "trim", "btrim", "ltrim", "rtrim", "substring", "substr", "left", "right", "replace", "concat", "position",
  "date_trunc", "date_part", "extract", "age", "make_date", "make_interval", "to_char", "now", "timezone", "date_bin", "isfinite",
]);

const TYPES = new Set(["int", "int2", "int4", "int8", "integer", "bigint", "smallint", "numeric", "decimal", "float4", "float8", "real",
  "double precision", "text", "varchar", "bpchar", "char", "date", "timestamp", "timestamptz", "interval", "bool", "boolean"]);

const OPERATORS = new Set(["=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "||", "~~", "~~*", "!~~", "!~~*", "BETWEEN", "NOT BETWEEN", "BETWEEN SYMMETRIC", "NOT BETWEEN SYMMETRIC"]);

const SQL_VALUE_FUNCTIONS = /^SVFOP_(CURRENT_DATE|CURRENT_TIME|CURRENT_TIME_N|CURRENT_TIMESTAMP|CURRENT_TIMESTAMP_N|LOCALTIME|LOCALTIME_N|LOCALTIMESTAMP|LOCALTIMESTAMP_N)$/;

type Node = Record<string, unknown>;
/** `names`: the relation or column the refusal is about, for a caller that explains it (a metric over a hidden column). */
const refuse = (reason: string, names: { relation?: string; column?: string } = {}): never => {
  throw new RoundsError("DATA_QUERY_REFUSED", `Query refused: ${reason}.`, { details: { reason: reason.slice(0, 120), ...names } });
};
const strings = (list: unknown): string[] => (Array.isArray(list) ? list : []).flatMap((n) => {
  const s = (n as { String?: { sval?: string } }).String?.sval;
  return s === undefined ? [] : [s];
});

/**
 * Checks SQL against the allow list with PostgreSQL's own parser
 * (libpg-query): exactly one SELECT, every relation allow-listed (or a CTE of
 * the query), every column allow-listed (or an alias the query defines),
 * every function and cast in the allow lists, no system catalog, and, when a
 * patient-linked relation is read, an aggregate result that carries
 * `count(DISTINCT patient_key)` for k-anonymity.
 * `parameters`: metrics may use $1…; free-form SQL may not.
 * `hidden`: columns the database grants but an admin hid from Rounds, by
 * relation (`tables` already lacks them). A query that reads such a relation
 * may not name a hidden column anywhere (not even as an alias), nor reach one
 * without naming it: no `*`, no column alias list on the relation (which
 * renames its columns by position), no NATURAL join.
 */
export async function guardSql(sql: string, tables: DataTable[], options: { parameters: boolean; hidden?: ReadonlyMap<string, ReadonlySet<string>> }): Promise<GuardedQuery> {
  let tree: { stmts?: Array<{ stmt?: Node; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = await parse(sql);
  } catch (e) {
    return refuse(`not valid PostgreSQL (${(e as Error).message.slice(0, 80)})`);
  }
  const stmts = tree.stmts ?? [];
  if (stmts.length !== 1) return refuse(`exactly one statement is allowed, not ${stmts.length}`);
  const top = stmts[0]!;
  const select = top.stmt?.SelectStmt as Node | undefined;
  if (!select) return refuse(`only SELECT is allowed, not ${Object.keys(top.stmt ?? {})[0] ?? "an empty statement"}`);
  const start = top.stmt_location ?? 0;
  const statement = (top.stmt_len ? sql.slice(start, start + top.stmt_len) : sql.slice(start)).replace(/;\s*$/, "");

  const byName = new Map(tables.map((t) => [t.name, t]));
  const ctes = new Set<string>();
  const aliases = new Set<string>();
  const relations = new Set<string>();
  const columnRefs: string[] = [];
  /** Names of the query's FROM items (relations, their aliases, subqueries, CTEs): a column reference that names one is a whole row. */
  const rangeNames = new Set<string>();
  /** What could reach a hidden column without naming it: `*`, relations renamed by a column alias list, NATURAL joins, USING names. */
  let stars = 0;
  let naturalJoins = 0;
  const renamedRelations = new Set<string>();
  const usingNames: string[] = [];
  let parameterCount = 0;
  // First pass: node types, CTE names and output aliases (which columns may then name).
  const walk = (value: unknown, visit: (type: string, node: Node) => void): void => {
    if (Array.isArray(value)) { for (const v of value) walk(v, visit); return; }
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Node)) {
      if (/^[A-Z]/.test(key) && child && typeof child === "object" && !Array.isArray(child)) visit(key, child as Node);
      walk(child, visit);
    }
  };
  walk(top.stmt, (type, node) => {
    if (!NODES.has(type)) refuse(`${type.replace(/Stmt$/, "").toUpperCase()} is not allowed`);
    if (type === "SelectStmt" && (node.intoClause || (Array.isArray(node.lockingClause) && node.lockingClause.length))) refuse("SELECT INTO and locking clauses are not allowed");
    if (type === "CommonTableExpr") {
      if (node.search_clause || node.cycle_clause) refuse("recursive search clauses are not allowed");
      ctes.add(String(node.ctename));
      rangeNames.add(String(node.ctename));
      for (const c of strings(node.aliascolnames)) aliases.add(c);
    }
    if (type === "ResTarget" && typeof node.name === "string") aliases.add(node.name);
    const alias = node.alias as Node | undefined;
    if ((type === "RangeVar" || type === "RangeSubselect" || type === "JoinExpr") && alias) {
      for (const c of strings(alias.colnames)) aliases.add(c);
      if (typeof alias.aliasname === "string") rangeNames.add(alias.aliasname);
      if (type === "RangeVar" && strings(alias.colnames).length) renamedRelations.add(String(node.relname));
    }
    if (type === "RangeVar") rangeNames.add(String(node.relname));
    if (type === "JoinExpr") {
      if (node.isNatural) naturalJoins++;
      usingNames.push(...strings(node.usingClause));
    }
    if (type === "ColumnRef") {
      const fields = Array.isArray(node.fields) ? node.fields as Node[] : [];
      if (fields.some((f) => "A_Star" in f)) stars++;
    }
    if (type === "ParamRef") {
      if (!options.parameters) refuse("parameters are not allowed in free-form SQL");
      parameterCount = Math.max(parameterCount, Number(node.number) || 0);
    }
  });
  walk(top.stmt, (type, node) => {
    if (type === "RangeVar") {
      const name = String(node.relname);
      if (node.catalogname || (node.schemaname && node.schemaname !== "public")) refuse(`relation ${String(node.schemaname)}.${name} is outside the allow list`);
      if (ctes.has(name) && !node.schemaname) return;
      if (!byName.has(name)) refuse(`relation ${name.slice(0, 60)} is not in the allow list`, { relation: name });
      relations.add(name);
    } else if (type === "ColumnRef") {
      const fields = Array.isArray(node.fields) ? node.fields as Node[] : [];
      const last = fields[fields.length - 1];
      if (last && "A_Star" in last) return;
      const names = strings(fields);
      const name = names[names.length - 1];
      if (name === undefined) refuse("an unreadable column reference");
      // A bare name of a FROM item is the whole row (every column of the relation, allow-listed or not).
      if (names.length === 1 && rangeNames.has(name!)) refuse(`${name!.slice(0, 60)} names a whole row; name its columns`, { column: name! });
      columnRefs.push(name!);
    } else if (type === "FuncCall") {
      const name = strings(node.funcname);
      const fn = name[name.length - 1] ?? "";
      if ((name.length > 1 && name[0] !== "pg_catalog") || !FUNCTIONS.has(fn)) refuse(`function ${name.join(".").slice(0, 60)} is not in the allow list`);
    } else if (type === "A_Expr") {
      const name = strings(node.name);
      const op = name[name.length - 1] ?? "";
      if ((name.length > 1 && name[0] !== "pg_catalog") || !OPERATORS.has(op)) refuse(`operator ${name.join(".").slice(0, 20)} is not in the allow list`);
    } else if (type === "TypeCast") {
      const name = strings((node.typeName as Node | undefined)?.names).filter((n) => n !== "pg_catalog").join(" ");
      if (!TYPES.has(name)) refuse(`type ${name.slice(0, 40)} is not in the allow list`);
    } else if (type === "SQLValueFunction") {
      if (!SQL_VALUE_FUNCTIONS.test(String(node.op))) refuse("only date and time values are allowed (not current_user and the like)");
    }
  });
  const notAllowed = (c: string): never => refuse(`column ${c.slice(0, 60)} is not in the allow list of the relations read`, { column: c });
  const hidden = new Set<string>();
  for (const r of relations) for (const c of options.hidden?.get(r) ?? []) hidden.add(c);
  if (hidden.size) {
    for (const c of [...columnRefs, ...aliases, ...usingNames]) if (hidden.has(c)) notAllowed(c);
    const over = { relation: [...relations].find((r) => options.hidden?.get(r)?.size)! };
    if (stars) refuse("* would include columns outside the allow list; name the columns", over);
    if (naturalJoins) refuse("NATURAL joins would compare columns outside the allow list; join ON named columns", over);
    for (const r of renamedRelations) if (options.hidden?.get(r)?.size) refuse(`a column alias list on ${r.slice(0, 60)} would rename columns outside the allow list`, { relation: r });
  }
  const visible = new Set<string>(aliases);
  for (const r of relations) for (const c of byName.get(r)!.columns) visible.add(c.name);
  for (const c of columnRefs) if (!visible.has(c)) notAllowed(c);

  const guarded: GuardedQuery = { statement, relations: [...relations], parameterCount };
  if ([...relations].some((r) => byName.get(r)!.patientLinked)) {
    // The count of patients must count real keys: nothing may name another value patient_key, and no set operation may mix values into it.
    if (aliases.has("patient_key")) refuse("only the patient views' own patient_key may be called patient_key");
    walk(top.stmt, (type, node) => {
      if (type === "SelectStmt" && node.op && node.op !== "SETOP_NONE") refuse("UNION, INTERSECT and EXCEPT are not allowed over patient data");
    });
    const counted = patientsColumn(select);
    guarded.patientsColumn = counted.name;
    guarded.patientKeysStatement = patientKeysStatement(sql, start, statement, counted);
  }
  return guarded;
}

/**
 * A query over patient rows must say, per result row, how many distinct
 * patients it describes: `count(DISTINCT <x>.patient_key) AS <name>` at the
 * top level, no bare patient key, no window or subquery in the output.
 */
function patientsColumn(select: Node): { name: string; location: number; key: string[] } {
  if (select.op && select.op !== "SETOP_NONE") refuse("UNION, INTERSECT and EXCEPT are not allowed over patient data");
  const targets = (select.targetList as Array<{ ResTarget?: Node }> | undefined) ?? [];
  let found: { name: string; location: number; key: string[] } | undefined;
  for (const t of targets) {
    const target = t.ResTarget ?? {};
    const val = target.val as Node | undefined;
    const json = JSON.stringify(val ?? {});
    if (json.includes("\"SubLink\"") || json.includes("\"over\"")) refuse("subqueries and window functions are not allowed in the output over patient data");
    const fn = val?.FuncCall as Node | undefined;
    const args = (fn?.args as Node[] | undefined) ?? [];
    const arg = args[0]?.ColumnRef as Node | undefined;
    if (fn && strings(fn.funcname).pop() === "count" && fn.agg_distinct && !fn.agg_filter && args.length === 1 && arg && strings(arg.fields).pop() === "patient_key") {
      if (typeof target.name !== "string") refuse("name the patient count column (count(DISTINCT patient_key) AS patients)");
      found ??= { name: target.name as string, location: Number(fn.location), key: strings(arg.fields) };
      continue;
    }
    if (val?.ColumnRef && strings((val.ColumnRef as Node).fields).pop() === "patient_key") refuse("the patient key may only be counted, never shown");
    if (!fn && json.includes("\"patient_key\"")) refuse("the patient key may only be counted, never shown");
  }
  if (!found) refuse("a result over patient data must count its patients: add count(DISTINCT patient_key) AS patients");
  return found!;
}

/**
 * The statement with its patient count (`count(DISTINCT x.patient_key)`, at
 * `location` in the SQL as given) replaced by the row's set of patient keys:
 * `array_remove(array_agg(DISTINCT "x"."patient_key"), NULL)`, which counts
 * the same patients (count ignores NULL).
 */
function patientKeysStatement(sql: string, start: number, statement: string, counted: { location: number; key: string[] }): string {
  const open = sql.indexOf("(", counted.location);
  let depth = 0;
  let end = -1;
  for (let i = open; i < sql.length && end < 0; i++) {
    const ch = sql[i];
    if (ch === "\"" || ch === "'") i = sql.indexOf(ch, i + 1);
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) end = i + 1;
    if (i < 0) break;
  }
  if (open < 0 || end < 0) refuse("the patient count could not be located");
  const key = counted.key.map((f) => `"${f.replace(/"/g, "\"\"")}"`).join(".");
  return `${statement.slice(0, counted.location - start)}array_remove(array_agg(DISTINCT ${key}), NULL)${statement.slice(end - start)}`;
}
