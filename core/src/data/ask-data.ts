import type { AppContext } from "../app/app-context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { RoundsError } from "../errors/index.ts";
import { type Actor, type DataCatalog, type DataResult, type DataSource, type LanguageModel, type Metric, placeholderNumbering } from "../ports/index.ts";
import { hiddenItems, narrowCatalog, narrowSource, type HiddenItems } from "./allow-list.ts";
import { effectiveMetrics, type MetricOrigin } from "./metric-catalogue.ts";
import { sqlPrompt } from "./sql-prompt.ts";
import { MATCH_THRESHOLD, matchMetric, type MetricEvidence } from "./match-metric.ts";

/** A data question's answer: the result, what produced it, and a one-line reading. */
export interface DataAnswer {
  sourceId: string;
  /** `metric`: a named metric matched without a language model; `sql`: free-form SQL a language model wrote. */
  mode: "metric" | "sql";
  metric?: { id: string; title: string; parameters: Record<string, unknown>; readings: string[] };
  result: DataResult;
  reading: string;
}

/**
 * The data source that serves the organisation, with its catalogue, both as
 * the organisation's admins narrowed them (`allow-list.ts`: hidden relations
 * and columns gone from the catalogue, refused by the guard); the metrics are
 * the organisation's effective catalogue (the source's configured metrics
 * with the admins' stored edits over them). `granted` is the source's own
 * catalogue (what the database grants) and `hidden` what was hidden of it.
 */
export async function dataSourceFor(app: AppContext, organizationId: string): Promise<{
  source: DataSource; catalog: DataCatalog & { metrics: Array<Metric & { origin: MetricOrigin }> }; granted: DataCatalog; hidden: HiddenItems;
}> {
  for (const id of app.host.ids("dataSources")) {
    const source = await app.host.get("dataSources", id);
    const granted = await source.catalog(organizationId);
    if (!granted) continue;
    const hidden = await hiddenItems(app, organizationId, granted);
    const catalog = narrowCatalog({ ...granted, metrics: await effectiveMetrics(app, organizationId, granted) }, hidden);
    return { source: narrowSource(source, granted, hidden), catalog, granted, hidden };
  }
  throw new RoundsError("NOT_FOUND", "No practice database is configured for your organisation (see the datasource plugin's README).");
}

const oneOf = (catalog: DataCatalog) => catalog.metrics.map((m) => `• ${m.id}: ${m.title}`).join("\n") || "(none defined)";

/**
 * Answers a question over the practice's own data: a named metric when one
 * matches (no language model needed); otherwise, when a language model is
 * configured, SQL it writes over the allow-listed schema, which the source's
 * guard checks and runs read-only; otherwise an honest refusal listing the
 * metrics. Every attempt, answered or refused, is audited (who, question
 * with identifiers removed, SQL, rows).
 */
export async function askData(app: AppContext, actor: Actor, question: string, options: { signal?: AbortSignal; channel?: string; evidence?: MetricEvidence; citedDocuments?: string[] } = {}): Promise<DataAnswer> {
  const text = question.trim();
  if (!text) throw new RoundsError("BAD_REQUEST", "Ask a question, e.g. data how many infusions last month? (data metrics lists what can be answered).");
  if (text.length > 1000) throw new RoundsError("BAD_REQUEST", "A data question is at most 1000 characters.");
  const { source, catalog } = await dataSourceFor(app, actor.organizationId);
  const audit = async (details: Record<string, unknown>) => recordAudit(app, {
    organizationId: actor.organizationId, actor, action: "data.read", targetType: "data_source", targetId: catalog.sourceId,
    ...(options.channel && { channel: options.channel }), details: { question: await auditable(app, text), ...(options.citedDocuments?.length && { documents: options.citedDocuments }), ...details },
  });
  const match = matchMetric(text, catalog.metrics, app.now(), MATCH_THRESHOLD, options.evidence);
  let answer: DataAnswer;
  try {
    if (match) {
      const result = await source.runMetric(actor.organizationId, match.metric, match.parameters, { ...(options.signal && { signal: options.signal }) });
      answer = { sourceId: catalog.sourceId, mode: "metric", metric: { id: match.metric.id, title: match.metric.title, parameters: match.parameters, readings: match.readings }, result, reading: reading(result, catalog.k) };
    } else {
      const modelId = app.config.models.answer;
      if (!modelId) {
        throw new RoundsError("DATA_QUESTION_UNMATCHED", `No metric answers that question, and no language model is configured for free-form questions. The metrics are:\n${oneOf(catalog)}`);
      }
      const model = await app.host.get("languageModels", modelId);
      const sql = await writeSql(app, model, modelId, catalog, text, options.signal, options.evidence);
      const result = await source.runSql(actor.organizationId, sql, { ...(options.signal && { signal: options.signal }) });
      answer = { sourceId: catalog.sourceId, mode: "sql", result, reading: reading(result, catalog.k) };
    }
  } catch (e) {
    const code = e instanceof RoundsError ? e.code : "INTERNAL";
    await audit({ outcome: "refused", code, ...(match && { metric: match.metric.id }) });
    throw e;
  }
  await audit({ outcome: "answered", mode: answer.mode, ...(answer.metric && { metric: answer.metric.id }), sql: await auditable(app, answer.result.sql), rows: answer.result.rows.length, suppressedRows: answer.result.suppressedRows, ...(answer.result.differencedRows && { differencedRows: answer.result.differencedRows }) });
  return answer;
}

/** A question or SQL as the audit log keeps it: identifiers (a name in a literal) replaced by the configured de-identifier. */
async function auditable(app: AppContext, question: string): Promise<string> {
  try {
    const deid = await app.host.get("deidentifiers", app.config.models.deidentifier);
    return (await deid.deidentify(question, { operator: "placeholder", mode: "precision" })).text;
  } catch {
    return `[withheld: no de-identifier; ${question.length} characters]`;
  }
}

function reading(result: DataResult, k: number): string {
  const parts = [`${result.rows.length} row${result.rows.length === 1 ? "" : "s"}`];
  if (result.rows.length === 1 && result.columns.length <= 4) parts[0] = result.columns.map((c, i) => `${c} ${String(result.rows[0]![i])}`).join(", ");
  if (result.suppressedRows) parts.push(`${result.suppressedRows} row${result.suppressedRows === 1 ? "" : "s"} withheld: fewer than ${k} patients`);
  if (result.differencedRows) parts.push(`${result.differencedRows} row${result.differencedRows === 1 ? "" : "s"} withheld: the patients differ from those of a recent answer by fewer than ${k}, so comparing the two would describe them`);
  if (result.truncated) parts.push("cut at the row limit");
  return parts.join("; ");
}

/**
 * Asks the language model for one SELECT over the allow-listed schema (the
 * schema, the question and, for a hybrid question, the cited protocol
 * passage; never a row). A model off this machine gets both texts de-identified.
 */
async function writeSql(app: AppContext, model: LanguageModel, modelId: string, catalog: DataCatalog, question: string, signal?: AbortSignal, evidence?: MetricEvidence): Promise<string> {
  const egress = app.host.list().some((p) => p.egress && (p.contributes.languageModels ?? []).includes(modelId));
  let prompt = question;
  let passage = evidence?.text;
  if (egress) {
    const deid = await app.host.get("deidentifiers", app.config.models.deidentifier);
    const numbering = placeholderNumbering(); // the question and its passage in one numbering
    prompt = (await deid.deidentify(question, { operator: "placeholder", numbering })).text;
    if (passage) passage = (await deid.deidentify(passage, { operator: "placeholder", numbering })).text;
  }
  const result = await model.doGenerate({
    prompt: sqlPrompt(catalog, prompt, passage),
    temperature: 0,
    maxOutputTokens: 600,
    ...(signal && { abortSignal: signal }),
  });
  const text = result.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("").trim();
  const fenced = /```(?:sql)?\s*([\s\S]*?)```/i.exec(text);
  const sql = (fenced ? fenced[1]! : text).trim();
  if (!sql) throw new RoundsError("DATA_QUERY_REFUSED", "Query refused: the language model wrote no SQL.", { details: { reason: "empty" } });
  return sql;
}
