import type { DataCatalog, LanguageModelPrompt } from "../ports/index.ts";

/**
 * The prompt that asks a language model for one SELECT over the allow-listed
 * schema: the schema and relations (never a row), the question and, for a
 * hybrid question, the passage of the practice's own protocol the answer
 * cites, whose figures (an observation time, an interval) the query should
 * use where the question leaves them unsaid. The caller de-identifies both
 * texts for a model off this machine.
 */
export function sqlPrompt(catalog: DataCatalog, question: string, passage?: string): LanguageModelPrompt {
  const schema = catalog.tables.map((t) => `${t.name}: ${t.description}${t.patientLinked ? " (patient rows)" : ""}\n${t.columns.map((c) => `  ${c.name} ${c.type}${c.unit ? ` [${c.unit}]` : ""}: ${c.description ?? ""}`).join("\n")}`).join("\n");
  const relations = catalog.relations.map((r) => `${r.from} -> ${r.to}${r.description ? `: ${r.description}` : ""}`).join("\n");
  const system = "You write one PostgreSQL SELECT statement that answers the question over exactly this schema. " +
    "Use only these relations and columns, no other functions than aggregates and date/text helpers. " +
    `A query over patient rows must be aggregated and include count(DISTINCT patient_key) AS patients; results about fewer than ${catalog.k} patients are withheld. ` +
    "Reply with the SQL only.";
  const user = passage ? `${question}\n\nThe practice's own protocol says (use its figures where the question leaves them unsaid):\n${passage}` : question;
  return [
    { role: "system", content: `${system}\n\nSchema:\n${schema}\n\nRelations:\n${relations}` },
    { role: "user", content: [{ type: "text", text: user }] },
  ];
}
