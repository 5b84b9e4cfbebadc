/**
 * Converts ASQ-PHI (1,051 synthetic clinical search queries with HIPAA Safe
 * Harbor annotations, MIT; see plugins/deid/eval/README.md) to the JSON shape
 * that `score.py` reads, and splits it into a tune part and a held-out part.
 *
 *   node --conditions=rounds-source --import tsx plugins/deid/scripts/convert-asq-phi.ts \
 *     <synthetic_clinical_queries.txt> <out dir>
 *
 * ASQ-PHI gives each identifier as a type and an exact string, not offsets: every
 * occurrence of the string in its query is a span (a curly apostrophe in the text
 * matches a straight one in the tag). A tag found nowhere is reported and stops
 * the conversion, so nothing is dropped silently.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * ASQ-PHI type → the scorer's entity type. PERSON, GPE and DATE_TIME keep score.py's own
 * Safe Harbor rules (a country or US state, a year alone and a weekday alone are not
 * identifiers); the record-number types keep their ASQ-PHI names and are added to the
 * Safe Harbor types by `score-asq-phi.py`, since every ASQ-PHI category is a Safe Harbor one.
 */
const TYPES: Record<string, string> = {
  NAME: "PERSON",
  GEOGRAPHIC_LOCATION: "GPE",
  DATE: "DATE_TIME",
  PHONE_NUMBER: "PHONE_NUMBER",
  FAX_NUMBER: "PHONE_NUMBER",
  EMAIL_ADDRESS: "EMAIL_ADDRESS",
  SOCIAL_SECURITY_NUMBER: "US_SSN",
  IP_ADDRESS: "IP_ADDRESS",
  CERTIFICATE_LICENSE_NUMBER: "US_DRIVER_LICENSE",
  ACCOUNT_NUMBER: "CREDIT_CARD",
  MEDICAL_RECORD_NUMBER: "MEDICAL_RECORD_NUMBER",
  HEALTH_PLAN_BENEFICIARY_NUMBER: "HEALTH_PLAN_BENEFICIARY_NUMBER",
  UNIQUE_IDENTIFIER: "UNIQUE_IDENTIFIER",
};

interface Span { entity_type: string; entity_value: string; start_position: number; end_position: number }
interface Sample { full_text: string; spans: Span[]; index: number; source_types: string[] }

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error("usage: convert-asq-phi.ts <synthetic_clinical_queries.txt> <out dir>");
  process.exit(2);
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "['’]");
const samples: Sample[] = [];
const blocks = readFileSync(from, "utf8").split("===QUERY===").slice(1);
for (const [index, block] of blocks.entries()) {
  const [query, tags] = block.split("===PHI_TAGS===");
  if (query === undefined || tags === undefined) throw new Error(`query ${index}: no ===PHI_TAGS=== section`);
  const text = query.replace(/^\n+|\n+$/g, "");
  const sample: Sample = { full_text: text, spans: [], index, source_types: [] };
  for (const line of tags.split("\n").filter((l) => l.trim())) {
    const tag = JSON.parse(line) as { identifier_type: string; value: string };
    const type = TYPES[tag.identifier_type];
    if (!type) throw new Error(`query ${index}: unknown identifier_type ${tag.identifier_type}`);
    const hits = [...text.matchAll(new RegExp(escape(tag.value), "g"))];
    if (hits.length === 0) throw new Error(`query ${index}: ${JSON.stringify(tag.value)} is not in the text`);
    for (const h of hits) sample.spans.push({ entity_type: type, entity_value: h[0], start_position: h.index, end_position: h.index + h[0].length });
    sample.source_types.push(tag.identifier_type);
  }
  // score.py expects spans that do not overlap: keep the longest of overlapping ones.
  sample.spans.sort((a, b) => a.start_position - b.start_position || b.end_position - a.end_position);
  sample.spans = sample.spans.filter((s, i, all) => !all.slice(0, i).some((p) => p.end_position > s.start_position && p.start_position < s.end_position));
  samples.push(sample);
}

// The split rule, fixed before any scoring: every query whose 0-based index is a multiple of 3 is
// the tune part; the other two thirds are held out.
const tune = samples.filter((s) => s.index % 3 === 0);
const heldout = samples.filter((s) => s.index % 3 !== 0);
mkdirSync(to, { recursive: true });
writeFileSync(join(to, "asq-phi-tune.json"), `${JSON.stringify(tune, null, 1)}\n`);
writeFileSync(join(to, "asq-phi-heldout.json"), `${JSON.stringify(heldout, null, 1)}\n`);
const count = (s: Sample[]) => `${s.length} queries (${s.filter((x) => x.spans.length === 0).length} without identifiers), ${s.reduce((n, x) => n + x.spans.length, 0)} spans`;
console.log(`tune: ${count(tune)}\nheld-out: ${count(heldout)}`);
