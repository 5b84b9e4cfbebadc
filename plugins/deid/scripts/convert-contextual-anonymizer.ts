/**
 * Converts the Contextual Text Anonymizer set (4,321 synthetic documents written by GPT-4o-mini, each
 * with its anonymised twin, MIT; see plugins/deid/eval/README.md) to the JSON shape that `score.py`
 * reads, keeps the clinical-adjacent documents, and splits them into a tune and a held-out part.
 *
 *   node --conditions=rounds-source --import tsx plugins/deid/scripts/convert-contextual-anonymizer.ts \
 *     <data/synthetic_data.json> <out dir>
 *
 * The set gives no offsets: each document comes with an anonymised copy in which every sensitive
 * value is a placeholder ("[NAME_1]", "[DATE_2]", sometimes "[POSITION]"). The spans are recovered
 * by matching the anonymised copy, its placeholders turned into lazy groups, against the original:
 * the text between placeholders must match exactly. A document whose copy was reworded (so no such
 * match exists) is dropped and counted; nothing is dropped silently.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Placeholder type → the scorer's entity type. Identifiers keep score.py's Safe Harbor rules (a
 * GPE that is a state or country, a year or weekday alone, an age under 90 are not counted);
 * organisations and times stay gold but are not Safe Harbor (removing them is neither required nor
 * over-redaction). `null`: the placeholder hides something that identifies no one (a diagnosis, a
 * drug, a job title, an amount): its words are ordinary text, so removing them is over-redaction.
 */
const TYPES: Record<string, string | null> = {
  NAME: "PERSON", DOCTOR: "PERSON", USERNAME: "UNIQUE_IDENTIFIER",
  ADDRESS: "STREET_ADDRESS", STREET: "STREET_ADDRESS", ZIP: "ZIP_CODE",
  CITY: "GPE", LOCATION: "GPE", STATE: "GPE", PLACE: "GPE", LANDMARK: "GPE",
  DATE: "DATE_TIME", DAY: "DATE_TIME", TIME: "TIME",
  PHONE: "PHONE_NUMBER", EMAIL: "EMAIL_ADDRESS", LINK: "DOMAIN_NAME", WEBSITE: "DOMAIN_NAME",
  ACCOUNT: "CREDIT_CARD", CARD_LAST: "CREDIT_CARD", PESEL: "US_SSN", AGE: "AGE",
  POLICY_NUMBER: "HEALTH_PLAN_BENEFICIARY_NUMBER",
  NIP: "UNIQUE_IDENTIFIER", VIN: "UNIQUE_IDENTIFIER", CLAIM_ID: "UNIQUE_IDENTIFIER", CASE_ID: "UNIQUE_IDENTIFIER",
  CASE_NUMBER: "UNIQUE_IDENTIFIER", REFERENCE: "UNIQUE_IDENTIFIER", SUBSCRIPTION_ID: "UNIQUE_IDENTIFIER",
  PASSWORD: "UNIQUE_IDENTIFIER",
  TICKET_ID: "OTHER_ID", TRANSACTION_ID: "OTHER_ID", ORDER_NUMBER: "OTHER_ID", CHAT_ID: "OTHER_ID",
  THREAD_ID: "OTHER_ID", FLIGHT_ID: "OTHER_ID", FLIGHT_NUMBER: "OTHER_ID", NUMBER: "OTHER_ID", CODE: "OTHER_ID",
  HOSPITAL: "ORGANIZATION", COMPANY: "ORGANIZATION", INSURER: "ORGANIZATION", BANK: "ORGANIZATION",
  BANK_NAME: "ORGANIZATION", BRANCH: "ORGANIZATION", SCHOOL: "ORGANIZATION", UNIVERSITY: "ORGANIZATION",
  INSTITUTE: "ORGANIZATION", COURT: "ORGANIZATION", MERCHANT: "ORGANIZATION", STORE: "ORGANIZATION",
  RESTAURANT: "ORGANIZATION", HOTEL_NAME: "ORGANIZATION", VENUE: "ORGANIZATION", DEPARTMENT: "ORGANIZATION",
  PLATFORM: "ORGANIZATION", AIRPORT_NAME: "ORGANIZATION", CLIENT_NAME: "ORGANIZATION", COMPANY_NAME: "ORGANIZATION",
  GYM_NAME: "ORGANIZATION", RESTAURANT_NAME: "ORGANIZATION", UNIVERSITY_NAME: "ORGANIZATION",
  ACCOUNT_TYPE: null, ACTIVITY: null, ATTACHMENT: null, BOOK: null, BOOK_TITLE: null, COURSE: null,
  CURRENCY: null, DEGREE: null, DIAGNOSIS: null, DOCUMENT: null, DURATION: null, EMPLOYMENT_CONTRACT: null,
  EVENT: null, EXPERIENCE: null, FIELD: null, FILE: null, FILENAME: null, GRADE: null, JOB_TITLE: null,
  LAW: null, MEDICATION: null, MEETING: null, MENTION: null, PERCENTAGE: null, POLICY_TYPE: null,
  POSITION: null, PRODUCT: null, PROJECT: null, PURPOSE: null, RELATIONSHIP: null, SKILL: null,
  SOFTWARE: null, SUBJECT: null, TEST: null, BACHELOR_DEGREE: null, MASTER_DEGREE: null, CUISINE: null,
  FIELD_OF_STUDY: null,
};

/**
 * Clinical-adjacent, fixed before any scoring: a placeholder of a clinical or insurance kind, or a
 * clinical or insurance word in the original text.
 */
const CLINICAL_TYPES = new Set(["DOCTOR", "DIAGNOSIS", "MEDICATION", "HOSPITAL", "POLICY_NUMBER", "CLAIM_ID", "INSURER", "TEST"]);
const CLINICAL_WORDS = /\b(?:patients?|doctors?|dr\.|clinic|hospital|medical|diagnos\w*|prescri\w*|medications?|symptoms?|therap\w*|nurse|insurance|health)\b/i;

interface Span { entity_type: string; entity_value: string; start_position: number; end_position: number }
interface Sample { full_text: string; spans: Span[]; index: number }

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error("usage: convert-contextual-anonymizer.ts <synthetic_data.json> <out dir>");
  process.exit(2);
}
const PLACEHOLDER = /\[([A-Z][A-Z_]*?)(?:_\d+)?\]/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const data = (JSON.parse(readFileSync(from, "utf8")) as { data: Array<{ context: string; anonymized_context: string }> }).data;
const samples: Sample[] = [];
let notClinical = 0;
let reworded = 0;
for (const [index, doc] of data.entries()) {
  const types = [...doc.anonymized_context.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  for (const t of types) if (!(t in TYPES)) throw new Error(`document ${index}: unknown placeholder type ${t}`);
  if (!types.some((t) => CLINICAL_TYPES.has(t)) && !CLINICAL_WORDS.test(doc.context)) { notClinical++; continue; }
  const literals = doc.anonymized_context.split(PLACEHOLDER).filter((_, i) => i % 2 === 0);
  const match = new RegExp(`^${literals.map(escape).join("([^]+?)")}$`, "d").exec(doc.context);
  if (!match?.indices) { reworded++; continue; }
  const spans: Span[] = [];
  types.forEach((t, i) => {
    const type = TYPES[t];
    const [start, end] = match.indices![i + 1]!;
    // Trailing or leading blanks inside a group are not part of the value.
    const value = doc.context.slice(start, end);
    const lead = value.length - value.trimStart().length;
    const trimmed = value.trim();
    if (type && trimmed) spans.push({ entity_type: type, entity_value: trimmed, start_position: start + lead, end_position: start + lead + trimmed.length });
  });
  samples.push({ full_text: doc.context, spans, index });
}

// The split rule, fixed before any scoring: among the kept documents, in file order, every one whose
// 0-based position is a multiple of 3 is the tune part; the other two thirds are held out.
const tune = samples.filter((_, i) => i % 3 === 0);
const heldout = samples.filter((_, i) => i % 3 !== 0);
mkdirSync(to, { recursive: true });
writeFileSync(join(to, "ca-tune.json"), `${JSON.stringify(tune, null, 1)}\n`);
writeFileSync(join(to, "ca-heldout.json"), `${JSON.stringify(heldout, null, 1)}\n`);
const count = (s: Sample[]) => `${s.length} documents (${s.filter((x) => x.spans.length === 0).length} without identifiers), ${s.reduce((n, x) => n + x.spans.length, 0)} spans`;
console.log(`of ${data.length}: ${notClinical} not clinical-adjacent, ${reworded} dropped (anonymised copy reworded)\ntune: ${count(tune)}\nheld-out: ${count(heldout)}`);
