import { describe, expect, it } from "vitest";
import { buildSplit, counselChatQuestionText, cssrsPostText, OUTSIDE_SPLITS, parseCsv, readLabels, sentenceHash, sourceOfSplit, sourceRecords } from "./outside-sets.ts";

// Strings here are made up for the test; the sources' own text is never committed.
describe("outside risk splits: labels without text", () => {
  it("parses CSV with quoted commas, doubled quotes and newlines inside a field", () => {
    expect(parseCsv('a,b\n1,"x, ""y""\nz"\n2,w\n')).toEqual([["a", "b"], ["1", 'x, "y"\nz'], ["2", "w"]]);
    expect(() => parseCsv('a\n"open')).toThrow(/quoted field/);
  });

  it("reads a C-SSRS post list as Python string literals joined by one space, cut-short lists included", () => {
    expect(cssrsPostText(String.raw`['It\'s fine.', "She said 'no'", 'a \\ b \s']`)).toBe(String.raw`It's fine. She said 'no' a \ b \s`);
    expect(cssrsPostText(String.raw`['one', 'two is cut sh`)).toBe("one two is cut sh");
  });

  it("makes every whitespace run in a Counsel Chat question one space", () => {
    expect(counselChatQuestionText("  First line.\n   Second\tline.  ")).toBe("First line. Second line.");
  });

  it("every committed labels line is well formed, has a 16-hex hash and carries no sentence text", () => {
    for (const split of OUTSIDE_SPLITS) {
      const { header, labels } = readLabels(split);
      expect(header.at(-1)).toBe("# label | category | speaker | text");
      expect(labels.length).toBeGreaterThan(390);
      for (const l of labels) {
        expect(l.sha).toMatch(/^[0-9a-f]{16}$/);
        expect(l.record).toMatch(sourceOfSplit(split) === "cssrs" ? /^user-\d+$/ : /^\d+$/);
        expect(["risk", "denied", "none"]).toContain(l.label);
      }
    }
  });

  it("rebuilds a sentence whose hash matches and names, by labels line, one that does not", () => {
    const csv = 'User,Post,Label\nuser-2,"[\'I made this up. It is a test.\', \'Second post\']",Supportive\n';
    const records = sourceRecords("cssrs", csv);
    const text = "It is a test. Second post";
    const offset = records.get("user-2")!.indexOf(text);
    const file = {
      header: ["# label | category | speaker | text"],
      labels: [
        { line: 5, record: "user-2", offset, length: text.length, sha: sentenceHash(text), label: "none", category: "cssrs_other", speaker: "client" },
        { line: 6, record: "user-2", offset: 0, length: 4, sha: sentenceHash("nope"), label: "risk", category: "cssrs_risk", speaker: "client" },
        { line: 7, record: "user-9", offset: 0, length: 4, sha: sentenceHash("nope"), label: "risk", category: "cssrs_risk", speaker: "client" },
      ],
    };
    const built = buildSplit("cssrs-tune", records, file);
    expect(built.text).toBe(`# label | category | speaker | text\nnone|cssrs_other|client|${text}\n`);
    expect(built.failures.map((f) => [f.label.line, f.reason])).toEqual([
      [6, expect.stringMatching(/^sha256 [0-9a-f]{16} of the text at record user-2 offset 0 is not/)],
      [7, "no record user-9 in the source file"],
    ]);
    expect(() => sourceRecords("counselchat", csv)).toThrow(/no column "".*counselchat/);
  });
});
