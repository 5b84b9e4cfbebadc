// The on-prem path of a generated session note: the notes model is whatever
// `models.notes` (else `models.answer`) names, and a llama-cpp model reaches
// `generatedNote` through the same language-model port as a cloud one. Here a
// real GGUF (the committed 260K-parameter TinyStories model, which writes
// children's stories, not notes) is asked for each section through its
// JSON-schema grammar. Whatever it writes, the check decides: every statement
// kept cites a turn given to its section that supports it, anything else is
// listed as not kept or the section is quoted instead with the reason, and the
// flagged risk turn is cited by the note.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { extractiveNote, generatedNote, screenTranscript, silentLogger, transcriptTurns } from "@rounds/core";
import { afterAll, describe, expect, it } from "vitest";
import { LlamaLanguageModel, ModelWorker } from "../src/index.ts";

const worker = new ModelWorker({ modelPath: resolve(import.meta.dirname, "models", "stories260K.gguf"), threads: 1, contextSize: 1024, sequences: 1, gpu: false, maxConcurrent: 1, idleUnloadMs: 0, timeoutMs: 120_000, logger: silentLogger() });
const model = new LlamaLanguageModel("llama-cpp:stories260K.gguf", worker, join(mkdtempSync(join(tmpdir(), "rounds-llama-note-")), "adapters"));
afterAll(() => worker.unload());

const turns = transcriptTurns([
  ["Therapist", "How have the evenings been since we last met?"],
  ["Client", "The evenings are hard, the anxiety builds and I barely sleep."],
  ["Therapist", "It sounds like the nights are when the worry gets loudest."],
  ["Client", "Honestly some nights I want to kill myself."],
  ["Therapist", "Thank you for telling me. Let's write a safety plan together today."],
  ["Client", "Okay, I can do that with you."],
].map(([speaker, text], i) => ({ speaker: speaker!, text: text!, startMs: i * 9_000 })));

describe("a session note from a local GGUF model, section by section", () => {
  it("keeps only statements a given turn supports, says why for the rest, and the note cites the flagged turn", async () => {
    const flags = screenTranscript(turns);
    expect(flags.filter((f) => f.verdict === "risk").map((f) => f.turn)).toEqual([3]);
    const limit = 40;
    const out = await generatedNote(model, { turns, modelTurns: turns, flags, format: "soap", limit, extractive: extractiveNote({ turns, flags, format: "soap", wordLimit: limit }) });
    expect(out.sections.map((s) => s.key)).toEqual(["subjective", "objective", "assessment", "plan"]);
    for (const s of out.sections) {
      const check = s.check!;
      if (check.origin === "model") {
        // Every kept statement cites existing turns, each with its own speaker and time.
        for (const c of s.citations ?? []) {
          expect(turns[c.turn]!.speaker).toBe(c.speaker);
          expect(turns[c.turn]!.startMs).toBe(c.startMs);
        }
        expect(check.kept + check.notKept.length).toBe(check.statements);
      } else if (s.key !== "objective") {
        // Quoted instead: the reason is stated (invalid output, a failed call, or nothing that survived the check).
        expect(check.failure).toMatch(/not valid JSON|statements shape|model failed|wrote no statement from the \d+ turn|none of the model's \d+ statement/);
      }
    }
    expect(out.sections.flatMap((s) => s.citations ?? []).some((c) => c.turn === 3)).toBe(true);
    expect(out.summary.statements).toBeGreaterThanOrEqual(out.summary.kept);
    // This model answers every section with an empty list (the grammar allows it): each is quoted instead, so the note is the extractive one, saying why.
    expect(out.summary.kept).toBe(0);
    expect("failure" in out && out.failure).toMatch(/wrote no statement/);
  }, 600_000);
});
