/**
 * The outside risk splits (Reddit C-SSRS and Counsel Chat sentences) are not committed: their
 * text stays in the public source files. What is committed is a labels file per split
 * (`risk-set.<split>.labels.tsv`): per sentence a locator into the source file, the first 16 hex
 * characters of the sha256 of the sentence text, and our label, category and speaker. This module
 * rebuilds the sentence files (`risk-set.<split>.tsv`, the format `loadRiskSet` reads) from a
 * source file and the labels, verifying every hash. See risk-set.cssrs.README.md and
 * risk-set.counselchat.README.md for the sources and the normalisation.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type OutsideSource = "cssrs" | "counselchat";
export type OutsideSplit = "cssrs-tune" | "cssrs-heldout" | "counselchat-tune" | "counselchat-heldout";
export const OUTSIDE_SPLITS: readonly OutsideSplit[] = ["cssrs-tune", "cssrs-heldout", "counselchat-tune", "counselchat-heldout"];

export function sourceOfSplit(split: OutsideSplit): OutsideSource {
  return split.startsWith("cssrs") ? "cssrs" : "counselchat";
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ",") { row.push(field); field = ""; i++; continue; }
    if (c === "\r" && text[i + 1] === "\n") { i++; continue; }
    if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; continue; }
    field += c; i++;
  }
  if (quoted) throw new Error("CSV ends inside a quoted field");
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const PY_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r" };

/**
 * C-SSRS normalisation: the `Post` field is a Python list literal of one user's posts
 * (`['post one', "post two", …]`, possibly cut short at the end). Each post is read as a Python
 * string literal (`\\`, `\'`, `\"`, `\n`, `\t`, `\r` resolved; any other backslash kept as
 * written, as Python does), and the posts are joined with one space. Nothing else changes.
 */
export function cssrsPostText(field: string): string {
  const posts: string[] = [];
  let i = field.startsWith("[") ? 1 : 0;
  while (i < field.length) {
    while (i < field.length && (field[i] === " " || field[i] === ",")) i++;
    const q = field[i];
    if (q !== "'" && q !== '"') break; // `]` or the end
    i++;
    let post = "";
    while (i < field.length && field[i] !== q) {
      if (field[i] === "\\" && i + 1 < field.length) {
        const e = field[i + 1]!;
        post += PY_ESCAPES[e] ?? `\\${e}`;
        i += 2;
        continue;
      }
      post += field[i];
      i++;
    }
    i++; // closing quote (or past the end when the field was cut short)
    posts.push(post);
  }
  return posts.join(" ");
}

/** Counsel Chat normalisation: every run of whitespace in `questionText` becomes one space, ends trimmed. */
export function counselChatQuestionText(field: string): string {
  return field.replace(/\s+/g, " ").trim();
}

/**
 * The normalised text of each record of a source file, by record id: C-SSRS `User`
 * (`user-0` … `user-499`) → post text; Counsel Chat row index (the file's unnamed first column,
 * unique per row) → question text.
 */
export function sourceRecords(source: OutsideSource, csv: string): Map<string, string> {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new Error("source file is empty");
  const col = (name: string) => {
    const k = header.indexOf(name);
    if (k < 0) throw new Error(`source file has no column ${JSON.stringify(name)}: is it the ${source} file?`);
    return k;
  };
  const out = new Map<string, string>();
  if (source === "cssrs") {
    const user = col("User"), post = col("Post");
    for (const r of rows) out.set(r[user]!, cssrsPostText(r[post] ?? ""));
  } else {
    const id = col(""), text = col("questionText");
    col("questionID");
    for (const r of rows) out.set(r[id]!, counselChatQuestionText(r[text] ?? ""));
  }
  return out;
}

export function sentenceHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

export interface OutsideLabel {
  /** Line number in the labels file (1-based), to name a sentence that cannot be rebuilt. */
  line: number;
  record: string;
  offset: number;
  length: number;
  sha: string;
  label: string;
  category: string;
  speaker: string;
}

export interface LabelsFile {
  /** Comment lines of the sentence file, reproduced as they are. */
  header: string[];
  labels: OutsideLabel[];
}

export function labelsPath(split: OutsideSplit): string {
  return fileURLToPath(new URL(`./risk-set.${split}.labels.tsv`, import.meta.url));
}

/**
 * A labels file: lines starting `## ` are its own comments; lines starting `# ` are the sentence
 * file's header, written back as they are; every other line is
 * `record|offset|length|sha256-16|label|category|speaker`.
 */
export function readLabels(split: OutsideSplit): LabelsFile {
  const header: string[] = [], labels: OutsideLabel[] = [];
  const lines = readFileSync(labelsPath(split), "utf8").split("\n");
  for (const [k, line] of lines.entries()) {
    if (!line.trim() || line.startsWith("##")) continue;
    if (line.startsWith("#")) { header.push(line); continue; }
    const [record, offset, length, sha, label, category, speaker, ...rest] = line.split("|");
    if (!record || !sha || !label || !category || !speaker || rest.length || !/^\d+$/.test(offset ?? "") || !/^\d+$/.test(length ?? "")) throw new Error(`bad line ${k + 1} in risk-set.${split}.labels.tsv: ${line.slice(0, 60)}`);
    labels.push({ line: k + 1, record, offset: Number(offset), length: Number(length), sha, label, category, speaker });
  }
  return { header, labels };
}

export interface BuiltSplit {
  text: string;
  /** Labels whose sentence could not be rebuilt, with the reason. */
  failures: { label: OutsideLabel; reason: string }[];
  sentences: number;
}

/** The sentence file of one split, rebuilt from the source records; every hash checked. */
export function buildSplit(split: OutsideSplit, records: Map<string, string>, file: LabelsFile = readLabels(split)): BuiltSplit {
  const lines = [...file.header];
  const failures: BuiltSplit["failures"] = [];
  for (const l of file.labels) {
    const whole = records.get(l.record);
    if (whole === undefined) { failures.push({ label: l, reason: `no record ${l.record} in the source file` }); continue; }
    const sentence = whole.slice(l.offset, l.offset + l.length);
    if (sentence.length !== l.length) { failures.push({ label: l, reason: `record ${l.record} is shorter than offset ${l.offset} + length ${l.length}` }); continue; }
    const got = sentenceHash(sentence);
    if (got !== l.sha) { failures.push({ label: l, reason: `sha256 ${got} of the text at record ${l.record} offset ${l.offset} is not ${l.sha}` }); continue; }
    lines.push(`${l.label}|${l.category}|${l.speaker}|${sentence}`);
  }
  return { text: `${lines.join("\n")}\n`, failures, sentences: file.labels.length - failures.length };
}
