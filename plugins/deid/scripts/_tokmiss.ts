import { SafeHarborDeidentifier } from "../src/index.ts";
import { BLIND, goldSpans, readLabelled, SPLITS } from "../test/evaluate.ts";
const d = new SafeHarborDeidentifier();
const sets = process.argv.slice(2);
for (const [name, s] of [...Object.entries(SPLITS), ["blind", BLIND]] as const) {
  if (sets.length && !sets.includes(name)) continue;
  const miss: string[] = []; const fp: string[] = [];
  for (const row of readLabelled(s.file)) {
    const spans = await d.detect(row.text, { gazetteer: [...s.gazetteer], mode: "recall" });
    const gold = goldSpans(row);
    for (const m of row.text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const t = { start: m.index!, end: m.index! + m[0].length };
      const g = gold.find((g) => g.start < t.end && g.end > t.start);
      const hit = spans.some((x) => x.start < t.end && x.end > t.start);
      if (g && !hit) miss.push(`${g.type}:${m[0]} «${g.value}»`);
      if (!g && hit) fp.push(`${m[0]}`);
    }
  }
  console.log(`== ${name}\nMISSED TOKENS: ${miss.join("; ")}\nOVER: ${fp.join(" ")}`);
}
