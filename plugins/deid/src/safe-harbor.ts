import { createHmac } from "node:crypto";
import type { DeidOperator, DeidOptions, DeidResult, Deidentifier, PhiSpan, PhiType } from "@rounds/core";

/**
 * A rule-based HIPAA Safe Harbor detector for clinical notes and session
 * transcripts: the organisation's own patient and staff names (gazetteer),
 * titled and introduced names, a list of common first names, and patterns
 * for dates, ages over 89, contact numbers, e-mail, URLs, IPs and record,
 * plan, account, licence, vehicle and device numbers. See README.md for what
 * it does not catch.
 */

interface Rule { type: PhiType; re: RegExp; confidence: number; group?: number }

const MONTHS = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const ORD = "(?:\\d{1,2}(?:st|nd|rd|th)?)";

const RULES: Rule[] = [
  { type: "EMAIL", re: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/gi, confidence: 0.99 },
  { type: "URL", re: /\b(?:https?:\/\/|www\.)[^\s<>"')]+/gi, confidence: 0.95 },
  { type: "IP", re: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g, confidence: 0.95 },
  { type: "IP", re: /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi, confidence: 0.9 },
  { type: "SSN", re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g, confidence: 0.97 },
  { type: "SSN", re: /\b(?:ssn|social security(?: number| no\.?)?)[:#\s]*(\d{9})\b/gi, confidence: 0.95, group: 1 },
  { type: "FAX", re: /\bfax(?: number| no\.?)?[:\s]*((?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4})\b/gi, confidence: 0.95, group: 1 },
  { type: "PHONE", re: /(?<![\w-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g, confidence: 0.9 },
  { type: "PHONE", re: /(?<![\w-])\+\d{1,3}(?:[\s.-]?\d{2,4}){3,5}\b/g, confidence: 0.85 },
  { type: "MRN", re: /\b(?:mrn|medical record(?: number| no\.?)?|chart(?: number| no\.?| #)?|patient id)[:#\s]*([A-Z]{0,3}-?\d{4,12})\b/gi, confidence: 0.97, group: 1 },
  { type: "HEALTH_PLAN", re: /\b(?:member id|member number|policy(?: number| no\.?)?|insurance id|subscriber id|medicaid(?: id)?|medicare(?: id)?|health plan(?: id| number)?)[:#\s]*([A-Z0-9-]{5,20})\b/gi, confidence: 0.95, group: 1 },
  { type: "ACCOUNT", re: /\b(?:account|acct)(?: number| no\.?| #)?[:#\s]*([A-Z0-9-]{5,20})\b/gi, confidence: 0.93, group: 1 },
  { type: "LICENSE", re: /\b(?:dea(?: number| no\.?| #)?|licen[cs]e(?: number| no\.?| #)?|npi)[:#\s]*([A-Z]{0,2}\d{5,10})\b/gi, confidence: 0.93, group: 1 },
  { type: "VEHICLE", re: /\b(?:licen[cs]e plate|plate(?: number)?|vin)[:#\s]*([A-Z0-9-]{5,17})\b/gi, confidence: 0.93, group: 1 },
  { type: "VEHICLE", re: /\b[A-HJ-NPR-Z0-9]{17}\b(?=[^a-z]|$)/g, confidence: 0.6 },
  { type: "DEVICE", re: /\b(?:serial(?: number| no\.?)?|s\/n|device id|udi)[:#\s]*([A-Z0-9-]{5,30})\b/gi, confidence: 0.93, group: 1 },
  // Dates: everything but a year on its own.
  { type: "DATE", re: /\b\d{4}-\d{1,2}-\d{1,2}\b/g, confidence: 0.97 },
  { type: "DATE", re: /\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b/g, confidence: 0.93 },
  { type: "DATE", re: /\b\d{1,2}\/\d{1,2}\b(?!\s*(?:mg|ml|mcg))/g, confidence: 0.6 },
  { type: "DATE", re: new RegExp(`\\b${MONTHS}\\.?\\s+${ORD}(?:,?\\s+\\d{4})?\\b`, "gi"), confidence: 0.92 },
  { type: "DATE", re: new RegExp(`\\b${ORD}\\s+(?:of\\s+)?${MONTHS}\\b(?:,?\\s+\\d{4})?`, "gi"), confidence: 0.92 },
  { type: "DATE", re: new RegExp(`\\b${MONTHS}\\s+\\d{4}\\b`, "gi"), confidence: 0.9 },
  { type: "ZIP", re: /\b\d{5}-\d{4}\b/g, confidence: 0.9 },
  { type: "ZIP", re: /\b[A-Z]{2}\s+(\d{5})\b/g, confidence: 0.9, group: 1 },
  { type: "ZIP", re: /\b(?:zip|postal)(?: code)?:?\s+(\d{5})\b/gi, confidence: 0.95, group: 1 },
  { type: "LOCATION", re: /\b\d{1,6}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle)\b\.?(?:,?\s+(?:Apt|Unit|Suite)\.?\s*\w+)?/g, confidence: 0.95 },
  { type: "LOCATION", re: /\b(?:lives|living|moved|grew up|resides|residing|born)\s+(?:in|at|to|near)\s+((?:[A-Z][a-z]+)(?:[\s-][A-Z][a-z]+){0,2})/g, confidence: 0.85, group: 1 },
  { type: "AGE", re: /\b(?:9\d|1[01]\d)(?=[\s-]*(?:years?|yrs?|y\/o|yo)\b(?:[\s-]*old)?)/gi, confidence: 0.95 },
  { type: "AGE", re: /\b(?:aged?|age of)\s+(9\d|1[01]\d)\b/gi, confidence: 0.95, group: 1 },
];

const TITLES = "(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Nurse|Therapist)";
const NAME = "[A-Z][a-z]+(?:-[A-Z]?[a-z]+|'[A-Z][a-z]+)?";
const NAME_RULES: Rule[] = [
  { type: "NAME", re: new RegExp(`\\b${TITLES}\\.?\\s+(${NAME}(?:\\s+${NAME})?)`, "g"), confidence: 0.95, group: 1 },
  { type: "NAME", re: new RegExp(`\\b(?:[Mm]y name is|[Ii] am|[Ii]'m|[Cc]alled|[Nn]amed|[Pp]atient|[Cc]lient|[Ss]on|[Dd]aughter|[Hh]usband|[Ww]ife|[Pp]artner|[Mm]other|[Ff]ather|[Bb]rother|[Ss]ister|[Ff]riend)\\s+(${NAME}(?:\\s+${NAME})?)\\b`, "g"), confidence: 0.8, group: 1 },
];

/** Common given names (US census and NHS lists, abridged). Capitalised occurrences are names. */
const FIRST_NAMES = new Set((
  "aaron adam adrian aisha alan albert alex alexander alice alicia amanda amber amy andrea andrew angela anna anne anthony antonio april ashley " +
  "barbara ben benjamin beth betty beverly bill billy bob bobby brandon brenda brian bruce bryan carl carlos carol caroline catherine charles charlie " +
  "cheryl chris christina christine christopher cindy claire daniel danielle david deborah debra denise dennis diana diane donald donna dorothy douglas " +
  "dylan edward elizabeth ella emily emma eric erin ethan eugene evelyn frank gabriel gary george gerald gloria grace gregory hannah harold harry heather " +
  "helen henry isabella jack jacob jacqueline james jamie jane janet janice jason jean jeffrey jennifer jeremy jerry jessica jesse joan joe john johnny " +
  "jonathan jordan jose joseph joshua joyce juan judith judy julia julie justin karen katherine kathleen kathryn kathy keith kelly kenneth kevin kim " +
  "kimberly kyle larry laura lauren lawrence linda lisa logan lori louis madison marco margaret maria marie marilyn mark martha martin mary matthew megan " +
  "melissa michael michelle mohammed nancy natalie nathan nicholas nicole noah olivia oliver pamela patricia patrick paul peter philip rachel ralph randy " +
  "raymond rebecca richard robert roger ronald rose roy russell ruth ryan samantha samuel sandra sara sarah scott sean sharon shirley sophia stephanie " +
  "stephen steven susan teresa terry theresa thomas timothy tyler victoria vincent virginia walter wayne william zachary priya raj wei mei yusuf fatima omar"
).split(" "));

/** Capitalised words that look like names but are clinical vocabulary. */
const NOT_NAMES = new Set(("parkinson alzheimer huntington crohn hodgkin tourette asperger beck hamilton likert ketamine esketamine spravato sertraline " +
  "fluoxetine lithium naloxone midazolam monday tuesday wednesday thursday friday saturday sunday god").split(" "));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function pushMatches(text: string, rule: Rule, out: PhiSpan[]): void {
  for (const m of text.matchAll(rule.re)) {
    const value = rule.group ? m[rule.group] : m[0];
    if (!value) continue;
    const start = m.index! + (rule.group ? m[0].indexOf(value) : 0);
    out.push({ type: rule.type, start, end: start + value.length, confidence: rule.confidence });
  }
}

/** Overlapping spans collapse into one covering both; the more confident type wins. */
function merge(spans: PhiSpan[]): PhiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) {
      if (s.confidence > last.confidence) last.type = s.type;
      last.end = Math.max(last.end, s.end);
      last.confidence = Math.max(last.confidence, s.confidence);
    } else {
      out.push({ ...s });
    }
  }
  return out;
}

const PSEUDO: Partial<Record<PhiType, string[]>> = {
  NAME: ["Alex Morgan", "Sam Rivera", "Jordan Lee", "Casey Brooks", "Taylor Quinn", "Riley Hayes", "Avery Stone", "Jamie Ellis"],
  LOCATION: ["Springfield", "Riverton", "Fairview", "Lakeside"],
  EMAIL: ["person@example.org", "contact@example.net"],
  PHONE: ["(555) 010-0000", "(555) 010-0101"],
};

export class SafeHarborDeidentifier implements Deidentifier {
  readonly specificationVersion = "v1" as const;
  readonly id = "safe-harbor";

  constructor(private readonly defaults: { operator?: DeidOperator } = {}) {}

  async detect(text: string, options: Pick<DeidOptions, "gazetteer"> = {}): Promise<PhiSpan[]> {
    const spans: PhiSpan[] = [];
    for (const rule of RULES) pushMatches(text, rule, spans);
    for (const rule of NAME_RULES) {
      const found: PhiSpan[] = [];
      pushMatches(text, rule, found);
      spans.push(...found.filter((s) => !NOT_NAMES.has(text.slice(s.start, s.end).split(/\s+/)[0]!.toLowerCase())));
    }
    // Known names: each full name and each of its parts (surnames alone, given names alone), possessives included.
    const parts = new Set<string>();
    for (const full of options.gazetteer ?? []) {
      if (full.trim().length < 2) continue;
      parts.add(full.trim());
      for (const p of full.trim().split(/\s+/)) if (p.length >= 3) parts.add(p);
    }
    const names = [...parts].sort((a, b) => b.length - a.length);
    if (names.length) pushMatches(text, { type: "NAME", re: new RegExp(`\\b(?:${names.map(escape).join("|")})\\b(?:'s)?`, "gi"), confidence: 0.99 }, spans);
    // Common given names when capitalised, with a following capitalised surname.
    for (const m of text.matchAll(new RegExp(`\\b(${NAME})(\\s+${NAME})?\\b`, "g"))) {
      if (!FIRST_NAMES.has(m[1]!.toLowerCase())) continue;
      const surname = m[2] && !NOT_NAMES.has(m[2].trim().toLowerCase()) ? m[2] : "";
      spans.push({ type: "NAME", start: m.index!, end: m.index! + m[1]!.length + surname.length, confidence: 0.75 });
    }
    return merge(spans);
  }

  async deidentify(text: string, options: DeidOptions = {}): Promise<DeidResult> {
    const spans = await this.detect(text, options);
    const seed = options.pseudonymSeed ?? "rounds";
    const pseudonyms = new Map<string, string>();
    let out = "";
    let at = 0;
    for (const s of spans) {
      const original = text.slice(s.start, s.end);
      const op = options.operators?.[s.type] ?? options.operator ?? this.defaults.operator ?? "placeholder";
      out += text.slice(at, s.start);
      if (op === "keep") out += original;
      else if (op === "redact") out += "█".repeat(Math.min(8, Math.max(3, original.length)));
      else if (op === "pseudonym") {
        const key = `${s.type}:${original.toLowerCase()}`;
        let fake = pseudonyms.get(key);
        if (!fake) {
          const pool = PSEUDO[s.type];
          const h = createHmac("sha256", seed).update(key).digest();
          fake = pool ? pool[h.readUInt32BE(0) % pool.length]! : `[${s.type}-${h.toString("hex").slice(0, 6)}]`;
          pseudonyms.set(key, fake);
        }
        out += fake;
      } else out += `[${s.type}]`;
      at = s.end;
    }
    return { text: out + text.slice(at), spans };
  }
}
