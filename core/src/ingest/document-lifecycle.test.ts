// The diagram in core/README.md ("Document lifecycle") is the state machine
// of document-lifecycle.ts, edge for edge: every (from, to) of every move,
// labelled with the move's name and who makes it, and nothing else. A move
// added, removed or re-routed in code without the diagram (or the other way
// round) fails here.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { documentMoves, type DocumentMove } from "./document-lifecycle.ts";

const readme = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Document lifecycle"));
const diagram = /```mermaid\n(stateDiagram-v2\n[\s\S]*?)```/.exec(section)?.[1] ?? "";
const edges = diagram.split("\n").slice(1).map((l) => l.trim()).filter(Boolean).map((line) => {
  const m = /^(\[\*\]|\w+) --> (\w+): (\w+)(.*)$/.exec(line);
  if (!m) throw new Error(`Not an edge of the diagram: ${line}`);
  return { from: m[1]!, to: m[2]!, move: m[3]!, actor: /\((admin|worker)\b/.exec(m[4]!)?.[1] };
});

describe("the document lifecycle diagram in core/README.md", () => {
  it("is there", () => {
    expect(edges.length).toBeGreaterThan(10);
  });

  it("has exactly the code's moves, each edge named by its move and actor", () => {
    const fromCode = Object.entries(documentMoves as Record<string, DocumentMove>).flatMap(([name, move]) =>
      move.from.flatMap((from) => move.to.map((to) => `${from} --> ${to}: ${name} (${move.by})`)));
    const drawn = edges.filter((e) => e.from !== "[*]").map((e) => `${e.from} --> ${e.to}: ${e.move} (${e.actor ?? "no actor named"})`);
    expect([...drawn].sort()).toEqual([...fromCode].sort());
  });

  it("starts a document in a state the machine has", () => {
    const starts = edges.filter((e) => e.from === "[*]");
    expect(starts.map((e) => e.to)).toEqual(["processing"]);
    expect(Object.values(documentMoves as Record<string, DocumentMove>).some((m) => m.from.includes("processing"))).toBe(true);
  });
});
