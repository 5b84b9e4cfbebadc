// The paraphrased question packs in bot/eval/packs (README there): every line
// is a question the MedQuAD scorer and bot/eval/run-pack.ts can read, with
// well-formed gold labels. With the MedQuAD development pack present
// ($TEST_EVAL_DATA/medquad, or ../shared/eval-data/medquad next to the
// repository or a worktree's folder) each gold document and section must exist
// in its corpus, no question may copy a MedQuAD question, and no answerable
// question of a blind set may name its page's subject verbatim. Without the
// pack those checks skip with one line outside CI and fail under CI, as in
// answer-quality-pack.test.ts.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { serviceFromEnv } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import type { PackQuestion } from "../eval/split.ts";

const dir = resolve(import.meta.dirname, "../eval/packs");
const packs = ["medquad-paraphrased.jsonl", "medquad-paraphrased-heldout.jsonl", "medquad-paraphrased-blind3.jsonl", "medquad-paraphrased-blind4.jsonl", "medquad-paraphrased-blind5.jsonl", "medquad-paraphrased-blind6.jsonl", "medquad-paraphrased-blind7.jsonl", "medquad-paraphrased-blind8.jsonl", "medquad-paraphrased-blind9.jsonl", "medquad-paraphrased-blind10.jsonl", "medquad-paraphrased-blind11.jsonl", "medquad-paraphrased-blind12.jsonl", "medquad-paraphrased-blind13.jsonl", "offtopic-lookalikes-tune.jsonl"];
/** The blind sets, never tuned on, and the letter their ids start with (`<letter>A` answerable, `<letter>U` absent, `<letter>O` off-topic). */
const blinds = [["medquad-paraphrased-blind3.jsonl", "B"], ["medquad-paraphrased-blind4.jsonl", "F"], ["medquad-paraphrased-blind5.jsonl", "G"], ["medquad-paraphrased-blind6.jsonl", "H"], ["medquad-paraphrased-blind7.jsonl", "I"], ["medquad-paraphrased-blind8.jsonl", "J"], ["medquad-paraphrased-blind9.jsonl", "K"], ["medquad-paraphrased-blind10.jsonl", "L"], ["medquad-paraphrased-blind11.jsonl", "M"], ["medquad-paraphrased-blind12.jsonl", "N"], ["medquad-paraphrased-blind13.jsonl", "R"]] as const;

const medquadDirs = process.env.TEST_EVAL_DATA
  ? [resolve(process.env.TEST_EVAL_DATA, "medquad")]
  : ["../../../shared/eval-data/medquad", "../../../../shared/eval-data/medquad"].map((p) => resolve(import.meta.dirname, p));
const medquad = medquadDirs.find((p) => existsSync(join(p, "manifest.json"))) ?? medquadDirs[0]!;
const present = existsSync(join(medquad, "manifest.json"));
if (!present) serviceFromEnv("TEST_EVAL_DATA", `the paraphrased packs' corpus checks (no MedQuAD pack at ${medquad})`, "../shared/eval-data", { ...process.env, TEST_EVAL_DATA: undefined });

/** A MedQuAD corpus file name: `<Source>_<document id>_<slug>.md`. */
const GOLD_FILE = /^(CancerGov|CDC|GARD|GHR|MPlus_Health_Topics|NHLBI|NIDDK|NINDS|SeniorHealth)_\d{7}(_\d+)?_[a-z0-9-]+\.md$/;
/** A MedQuAD section heading: a capitalised question type, a repeat numbered "(2)". */
const GOLD_SECTION = /^[A-Z][a-z]+( [a-z]+)*( \(\d+\))?$/;
const KINDS = new Set(["answerable", "absent", "offtopic"]);
const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(join(dir, file), "utf8").split("\n").filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`, { cause: e });
    }
  });
}

describe("paraphrased question packs", () => {
  it.each(packs)("%s: every line is a well-formed question with gold labels only where it is answerable", (file) => {
    const rows = lines(file);
    expect(rows.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const r of rows) {
      const id = String(r.id);
      if (typeof r.id !== "string" || !/^[A-Z]{2}\d{3}$/.test(r.id)) problems.push(`${id}: id`);
      if (ids.has(id)) problems.push(`${id}: duplicate id`);
      ids.add(id);
      if (typeof r.question !== "string" || r.question.trim().length < 10) problems.push(`${id}: question`);
      if (!KINDS.has(r.kind as string)) problems.push(`${id}: kind ${JSON.stringify(r.kind)}`);
      if (r.split !== undefined && r.split !== "tune" && r.split !== "assert") problems.push(`${id}: split ${JSON.stringify(r.split)}`);
      const extra = Object.keys(r).filter((k) => !["id", "question", "kind", "gold_file", "gold_section", "gold_sections", "split"].includes(k));
      if (extra.length) problems.push(`${id}: unknown fields ${extra.join(", ")}`);
      if (r.kind === "answerable") {
        if (typeof r.gold_file !== "string" || !GOLD_FILE.test(r.gold_file)) problems.push(`${id}: gold_file ${String(r.gold_file)}`);
        if (typeof r.gold_section !== "string" || !GOLD_SECTION.test(r.gold_section)) problems.push(`${id}: gold_section ${String(r.gold_section)}`);
        if (r.gold_sections !== undefined) {
          const all = r.gold_sections as unknown[];
          if (!Array.isArray(all) || all.length < 2 || new Set(all).size !== all.length || !all.every((s) => typeof s === "string" && GOLD_SECTION.test(s))) problems.push(`${id}: gold_sections`);
          else if (!all.includes(r.gold_section)) problems.push(`${id}: gold_section not in gold_sections`);
        }
      } else if (r.gold_file !== undefined || r.gold_section !== undefined || r.gold_sections !== undefined) {
        problems.push(`${id}: a ${String(r.kind)} question carries gold labels`);
      }
    }
    expect(problems).toEqual([]);
    // Questions are distinct within a pack.
    const texts = rows.map((r) => fold(String(r.question)));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it.each(blinds)("%s: the blind set is held out whole and large enough for the issue's targets", (blind, letter) => {
    const rows = lines(blind) as unknown as PackQuestion[];
    expect(rows.every((q) => q.split === "assert")).toBe(true);
    const count = (k: PackQuestion["kind"]) => rows.filter((q) => q.kind === k).length;
    expect(count("answerable")).toBeGreaterThanOrEqual(70);
    expect(count("absent")).toBeGreaterThanOrEqual(20);
    expect(count("offtopic")).toBeGreaterThanOrEqual(12);
    // Ids name their set and kind: <letter>A answerable, <letter>U absent (unknown to the corpus), <letter>O off-topic.
    expect(rows.filter((q) => q.id.slice(0, 2) !== letter + { answerable: "A", absent: "U", offtopic: "O" }[q.kind])).toEqual([]);
  });

  describe.skipIf(!present)("against the MedQuAD pack", () => {
    interface Doc { file: string; focus: string; sections: { heading: string; question: string }[] }
    const manifest = present ? JSON.parse(readFileSync(join(medquad, "manifest.json"), "utf8")) as { documents: Doc[] } : { documents: [] };
    const docs = new Map(manifest.documents.map((d) => [d.file, d]));
    const medquadQuestions = new Set([
      ...manifest.documents.flatMap((d) => d.sections.map((s) => fold(s.question))),
      // The pack's answerable and absent questions are MedQuAD's own text; its off-topic ones were written for the pack.
      ...(present ? readFileSync(join(medquad, "questions.jsonl"), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as PackQuestion).filter((q) => q.kind !== "offtopic").map((q) => fold(q.question)) : []),
    ]);
    const headings = (file: string) => new Set([...readFileSync(join(medquad, "corpus", file), "utf8").matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));

    it.each(packs)("%s: every gold document and section exists in the corpus, and no question copies one of MedQuAD's", (file) => {
      const problems: string[] = [];
      for (const q of lines(file) as unknown as PackQuestion[]) {
        if (medquadQuestions.has(fold(q.question))) problems.push(`${q.id}: copies a MedQuAD question`);
        if (q.kind !== "answerable") continue;
        if (!docs.has(q.gold_file!) || !existsSync(join(medquad, "corpus", q.gold_file!))) {
          problems.push(`${q.id}: no corpus file ${q.gold_file}`);
          continue;
        }
        const have = headings(q.gold_file!);
        for (const s of q.gold_sections ?? [q.gold_section!]) if (!have.has(s)) problems.push(`${q.id}: no section "${s}" in ${q.gold_file}`);
      }
      expect(problems).toEqual([]);
    });

    it.each(blinds)("%s: the blind set's answerable questions do not name their page's subject verbatim", (blind) => {
      const named = (lines(blind) as unknown as PackQuestion[])
        .filter((q) => q.kind === "answerable" && fold(q.question).includes(fold(docs.get(q.gold_file!)!.focus)))
        .map((q) => q.id);
      expect(named).toEqual([]);
    });
  });
});
