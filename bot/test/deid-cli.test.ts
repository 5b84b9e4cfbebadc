// `rounds deid` through the real CLI: a file or stdin to stdout, --json arrays in
// order, both modes, clear errors; and the public synthetic development set
// (../shared/eval-data/deid, MIT) scored by its own scorer on exactly what the
// command writes. That set was looked at while tuning the recall mode (for
// classes of failure, never its strings), so its floors show regressions, not
// generalisation; the blind and held-out sets in plugins/deid are the evidence.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { roundsArgs } from "./support/cli-process.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "rounds-deid-cli-"));
const cli = (args: string[]) => run(process.execPath, roundsArgs(["--data-dir", dir, ...args]), { cwd: root, timeout: 120_000, maxBuffer: 64 << 20 });

/** Runs the CLI with `input` on stdin. */
function withStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, roundsArgs(["--data-dir", dir, ...args]), { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("rounds deid", () => {
  it("de-identifies stdin to stdout in recall mode by default, and only rule matches with --mode precision", async () => {
    const note = "Seen with Wojciech Brzęczyszczykiewicz at Kastanienallee 47, 10435 Berlin; apixaban 5 mg bd.";
    const recall = await withStdin(["deid"], note);
    expect(recall.code).toBe(0);
    expect(recall.stdout).not.toMatch(/Brzęczyszczykiewicz|Kastanienallee|10435|Berlin/);
    expect(recall.stdout).toContain("apixaban 5 mg bd.");
    const precise = await withStdin(["deid", "--mode", "precision"], note);
    expect(precise.code).toBe(0);
    expect(precise.stdout).toContain("Kastanienallee");
  }, 120_000);

  it("--json keeps the order of an array of strings, reading a file", async () => {
    const file = join(dir, "in.json");
    writeFileSync(file, JSON.stringify(["Call +44 20 7946 0321 today.", "", "MRN-778812 was discharged.", "No identifiers here."]));
    const { stdout } = await cli(["deid", "--json", file]);
    const out = JSON.parse(stdout) as string[];
    expect(out).toHaveLength(4);
    expect(out[0]).toBe("Call [PHONE_1] today.");
    expect(out[1]).toBe("");
    expect(out[2]).not.toContain("778812");
    expect(out[3]).toBe("No identifiers here.");
  }, 120_000);

  it("a WebVTT (by its content, on stdin) or SubRip file keeps its format: header, cue numbers and timings untouched, the words de-identified", async () => {
    // Outsider round 18: the `WEBVTT` line came out as `[NAME_1]`, and an address at a cue's end took the next cue's number with it.
    const vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000 align:start\n<v Zofia Krawczyk>I moved to 14 Larchfield Row.\n\n2\n00:00:04.500 --> 00:00:07.000\n<v Therapist>Thank you, Zofia.\n";
    const fromStdin = await withStdin(["deid"], vtt);
    expect(fromStdin.code).toBe(0);
    const lines = fromStdin.stdout.split("\n");
    expect(lines).toHaveLength(vtt.split("\n").length);
    expect(lines[0]).toBe("WEBVTT");
    expect(lines.filter((l) => /^\d+$/.test(l))).toEqual(["1", "2"]);
    expect(lines).toContain("00:00:01.000 --> 00:00:04.000 align:start");
    expect(lines).toContain("00:00:04.500 --> 00:00:07.000");
    expect(fromStdin.stdout).not.toMatch(/Zofia|Krawczyk|Larchfield/);
    expect(fromStdin.stdout).toMatch(/<v \[NAME_\d+\]>/);
    const srt = join(dir, "session.srt");
    writeFileSync(srt, "1\n00:00:01,000 --> 00:00:04,000\nZofia Krawczyk: Ring me on 07700 900461.\n\n2\n00:00:04,500 --> 00:00:07,000\nTherapist: Thank you.\n");
    const { stdout } = await cli(["deid", srt]);
    expect(stdout).toMatch(/^1\n00:00:01,000 --> 00:00:04,000\n\[NAME_1\]: Ring me on \[PHONE_1\]\.\n\n2\n00:00:04,500 --> 00:00:07,000\nTherapist: Thank you\.\n$/);
  }, 120_000);

  it("bad input exits non-zero with a clear error and writes nothing to stdout", async () => {
    for (const [args, input, message] of [
      [["deid", "--json"], "{not json", /not valid JSON/],
      [["deid", "--json"], "[\"ok\", 3]", /entry 1 is not a string/],
      [["deid", "--json"], "{\"a\": 1}", /JSON array of strings/],
      [["deid", "--mode", "loose"], "text", /Unknown mode/],
      [["deid", join(dir, "missing.txt")], "", /Cannot read .*missing\.txt: ENOENT/],
      // Outsider round 18: a PDF was written back with its binary streams "de-identified", exit 0.
      [["deid"], "%PDF-1.7\n%\u00e2\u00e3\n7 0 obj << /Filter /FlateDecode >> stream", /The input looks like application\/pdf; rounds deid reads UTF-8 text/],
      [["deid", join(root, "bot/demo/corpus/03-contraindications.docx")], "", /03-contraindications\.docx looks like application\/vnd\.openxmlformats/],
    ] as const) {
      const r = await withStdin([...args], input);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  }, 120_000);

  const evalData = [...(process.env.TEST_EVAL_DATA ? [resolve(process.env.TEST_EVAL_DATA, "deid")] : []), resolve(root, "../shared/eval-data/deid"), resolve(root, "../../shared/eval-data/deid")].find((d) => existsSync(join(d, "synth-dev.json")));
  it("on the public synthetic development set, scored by its own scorer: at or above the floors (just under the measured figures)", async () => {
    expect(evalData, "../shared/eval-data/deid/synth-dev.json beside the repository").toBeDefined();
    const texts = (JSON.parse(readFileSync(join(evalData!, "synth-dev.json"), "utf8")) as Array<{ full_text: string }>).map((s) => s.full_text);
    writeFileSync(join(dir, "texts.json"), JSON.stringify(texts));
    const { stdout } = await cli(["deid", "--json", join(dir, "texts.json")]);
    type Scores = {
      errors: number; over_redaction: number;
      safe_harbor: { token_recall: number; span_full_removal: number; per_type: Record<string, { token_recall: number; spans: [number, number] }> };
    };
    const score = async (name: string, output: string): Promise<Scores> => {
      writeFileSync(join(dir, `${name}.json`), output);
      await run("python3", [join(evalData!, "score.py"), join(evalData!, "synth-dev.json"), join(dir, `${name}.json`), "--json", join(dir, `${name}-scores.json`)]);
      return JSON.parse(readFileSync(join(dir, `${name}-scores.json`), "utf8")) as Scores;
    };
    // The shipped output as it is. The scorer aligns output tokens with source tokens by their text, so the number of a
    // placeholder ("[PHONE_1]") can pair with a source token "1" ("+1-984-…") and count it as kept: measured 0.957 (1754/1832) here.
    const raw = await score("out", stdout);
    expect(raw.errors).toBe(0);
    expect(raw.safe_harbor.token_recall).toBeGreaterThanOrEqual(0.953);
    // The floors below were set on un-numbered placeholders ("[PHONE]"): the same removals, scored with the numbers taken off.
    const s = await score("out-unnumbered", stdout.replace(/\[([A-Z_]+?)_\d+\]/g, "[$1]"));
    expect(s.errors).toBe(0);
    // Measured: 0.960 (1758/1832), 0.938 (684/729), 0.6% (34/5472) (before #16's second round: 0.950, 0.929, 0.6%).
    expect(s.safe_harbor.token_recall).toBeGreaterThanOrEqual(0.955);
    expect(s.safe_harbor.span_full_removal).toBeGreaterThanOrEqual(0.93);
    expect(s.over_redaction).toBeLessThanOrEqual(0.007);
    // Every Safe Harbor type with 20+ spans; measured PERSON 0.969, STREET_ADDRESS 0.941, GPE (city/town) 0.948, CREDIT_CARD 1.000, PHONE_NUMBER 1.000.
    const floors: Record<string, number> = { "PERSON": 0.965, "STREET_ADDRESS": 0.935, "GPE (city/town)": 0.94, "CREDIT_CARD": 0.99, "PHONE_NUMBER": 0.99 };
    const large = Object.entries(s.safe_harbor.per_type).filter(([, t]) => t.spans[1] >= 20).map(([k]) => k).sort();
    expect(large).toEqual(Object.keys(floors).sort());
    for (const [type, floor] of Object.entries(floors)) expect(s.safe_harbor.per_type[type]!.token_recall, type).toBeGreaterThanOrEqual(floor);
  }, 180_000);
});
