import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { fillTemplate, parseProgress } from "../src/training-host.ts";

describe("trainer host helpers", () => {
  it("reads progress from common training-script output", () => {
    expect(parseProgress("ROUNDS_PROGRESS 0.25")).toBe(0.25);
    expect(parseProgress(" 42%|████▎     | 42/100 [00:10<00:14]")).toBe(0.42);
    expect(parseProgress("step 30/120 loss 1.23")).toBe(0.25);
    expect(parseProgress("Epoch: 2/4")).toBe(0.5);
    expect(parseProgress("loading tokenizer")).toBeUndefined();
    expect(parseProgress("ROUNDS_PROGRESS 7")).toBe(1);
  });

  it("passes values to the shell quoted, so a hostile value stays one literal argument", () => {
    const hostile = "x'; echo INJECTED; echo '";
    const command = fillTemplate("printf '%s|' {base} {dataset}", { base: hostile, dataset: "/tmp/a b.jsonl" });
    expect(execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" })).toBe(`${hostile}|/tmp/a b.jsonl|`);
    expect(() => fillTemplate("train {data}", { dataset: "x" })).toThrow(/Unknown placeholder \{data\}.*\{dataset\}/);
  });
});
