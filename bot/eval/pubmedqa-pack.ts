import { createHash } from "node:crypto";
import type { PackQuestion } from "./split.ts";

/**
 * Turns PubMedQA's expert-labelled set (`data/ori_pqal.json` of github.com/pubmedqa/pubmedqa, MIT)
 * into a question pack in the MedQuAD pack's format: one Markdown document per abstract (its labelled
 * context paragraphs as `## ` sections, then its conclusion, PubMedQA's LONG_ANSWER, under
 * `## Conclusions`), and the questions, whose gold is that document. Pure: the CLI
 * (`build-pubmedqa.ts`) reads and writes the files. No text of the set is ever committed.
 */

export interface PubmedQaItem {
  id: string;
  question: string;
  contexts: { label: string; text: string }[];
  conclusion: string;
}

/** The heading the conclusion (LONG_ANSWER) sits under: the gold section for "first quote from the conclusion". */
export const CONCLUSION_HEADING = "Conclusions";

const str = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** Reads `ori_pqal.json`'s object (PMID → record); throws a clear error naming the first bad record. */
export function parsePubmedQa(json: unknown): PubmedQaItem[] {
  if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("PubMedQA file: expected an object of PMID → record");
  const items: PubmedQaItem[] = [];
  for (const [id, raw] of Object.entries(json as Record<string, unknown>)) {
    const r = raw as Record<string, unknown> | null;
    if (!/^\d+$/.test(id)) throw new Error(`PubMedQA record "${id}": the key is not a PMID`);
    if (!r || typeof r !== "object") throw new Error(`PubMedQA record ${id}: not an object`);
    const { QUESTION: question, CONTEXTS: contexts, LABELS: labels, LONG_ANSWER: conclusion } = r;
    if (!str(question)) throw new Error(`PubMedQA record ${id}: QUESTION is missing or empty`);
    if (!str(conclusion)) throw new Error(`PubMedQA record ${id}: LONG_ANSWER is missing or empty`);
    if (!Array.isArray(contexts) || contexts.length === 0 || !contexts.every(str)) throw new Error(`PubMedQA record ${id}: CONTEXTS must be a non-empty list of texts`);
    if (!Array.isArray(labels) || labels.length !== contexts.length || !labels.every((l) => typeof l === "string")) {
      throw new Error(`PubMedQA record ${id}: LABELS must be a list of strings as long as CONTEXTS`);
    }
    items.push({ id, question: question.trim(), conclusion: conclusion.trim(), contexts: contexts.map((text, i) => ({ label: labels[i] as string, text: text.trim() })) });
  }
  if (items.length === 0) throw new Error("PubMedQA file: no records");
  return items;
}

/** "MATERIALS AND METHODS" → "Materials and methods"; an empty or UNLABELLED label → "Abstract". */
export function headingOf(label: string): string {
  const t = label.trim().toLowerCase();
  if (t === "" || t === "unlabelled") return "Abstract";
  return t[0]!.toUpperCase() + t.slice(1);
}

export const fileOf = (item: Pick<PubmedQaItem, "id">): string => `pubmedqa-${item.id}.md`;

/** The headings of an abstract's document, in order; a repeated one gets " (2)", " (3)" so that each names one section. */
export function headingsOf(item: PubmedQaItem): string[] {
  const seen = new Map<string, number>();
  return [...item.contexts.map((c) => headingOf(c.label)), CONCLUSION_HEADING].map((h) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h : `${h} (${n})`;
  });
}

/**
 * The abstract as a knowledge base would hold it. PubMedQA keeps no title: its question is the
 * paper's title turned into a question, so by default the document's title is only its PMID (the
 * question would otherwise be in the document it is asked against, word for word); `title:
 * "question"` uses the question as the title, for the with-title variant.
 */
export function abstractMarkdown(item: PubmedQaItem, opts: { title?: "pmid" | "question" } = {}): string {
  const title = opts.title === "question" ? item.question : `PubMed ${item.id}`;
  const headings = headingsOf(item);
  const bodies = [...item.contexts.map((c) => c.text), item.conclusion];
  return `# ${title}\n\n${bodies.map((b, i) => `## ${headings[i]}\n\n${b}\n`).join("\n")}`;
}

/** Words of a title for the near-duplicate check: lower-case letter/digit runs of four characters or more. */
const titleWords = (s: string): Set<string> => new Set(s.toLowerCase().match(/[a-z0-9]{4,}/g) ?? []);

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Deterministic: about `share` of the abstracts (by a hash of the PMID) are held out of the knowledge base. */
export function isHeldOut(id: string, share: number): boolean {
  return createHash("sha256").update(`pubmedqa-absent:${id}`).digest().readUInt32BE(0) / 2 ** 32 < share;
}

export interface BuiltPack {
  /** File name → Markdown, the knowledge base (held-out abstracts are not in it). */
  documents: Map<string, string>;
  /** Gold section = the conclusion. */
  questions: PackQuestion[];
  /** The same questions, gold sections = every section of the abstract ("first quote from the gold abstract at all"). */
  questionsAbstract: PackQuestion[];
  /** Held-out abstracts whose question was dropped: another abstract's title words are too close (Jaccard >= `nearDuplicate`). */
  nearDuplicatesDropped: number;
}

export interface BuildOptions {
  /** Share of abstracts held out of the knowledge base; their questions are asked as absent topics. */
  absentShare?: number;
  /** A held-out question whose title words overlap a kept one's this much (Jaccard) is dropped, not counted absent. */
  nearDuplicate?: number;
  title?: "pmid" | "question";
  /** Off-topic questions to add (ids are prefixed with `pqa-off-`). */
  offtopic?: { id: string; question: string }[];
}

export function buildPack(items: PubmedQaItem[], opts: BuildOptions = {}): BuiltPack {
  const share = opts.absentShare ?? 0.1;
  const nearDuplicate = opts.nearDuplicate ?? 0.5;
  const sorted = [...items].sort((a, b) => a.id.localeCompare(b.id));
  const kept = sorted.filter((i) => !isHeldOut(i.id, share));
  const held = sorted.filter((i) => isHeldOut(i.id, share));
  const documents = new Map(kept.map((i) => [fileOf(i), abstractMarkdown(i, { title: opts.title ?? "pmid" })]));
  const questions: PackQuestion[] = [];
  const questionsAbstract: PackQuestion[] = [];
  for (const i of kept) {
    const base = { id: `pqa-${i.id}`, question: i.question, kind: "answerable" as const, gold_file: fileOf(i) };
    questions.push({ ...base, gold_section: CONCLUSION_HEADING });
    const all = headingsOf(i);
    questionsAbstract.push({ ...base, gold_section: all[0]!, gold_sections: all });
  }
  const keptWords = kept.map((i) => titleWords(i.question));
  let nearDuplicatesDropped = 0;
  for (const i of held) {
    const w = titleWords(i.question);
    if (keptWords.some((k) => jaccard(w, k) >= nearDuplicate)) {
      nearDuplicatesDropped++;
      continue;
    }
    const q = { id: `pqa-absent-${i.id}`, question: i.question, kind: "absent" as const };
    questions.push(q);
    questionsAbstract.push(q);
  }
  const seen = new Set<string>();
  for (const o of opts.offtopic ?? []) {
    const key = o.question.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const q = { id: `pqa-off-${o.id}`, question: o.question, kind: "offtopic" as const };
    questions.push(q);
    questionsAbstract.push(q);
  }
  return { documents, questions, questionsAbstract, nearDuplicatesDropped };
}
