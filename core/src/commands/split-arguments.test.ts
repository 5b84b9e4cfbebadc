import { describe, expect, it } from "vitest";
import { splitArguments } from "./split-arguments.ts";

describe("splitArguments", () => {
  it("keeps quoted words together and drops the quotes", () => {
    expect(splitArguments(`a "b c" 'd e' f`)).toEqual(["a", "b c", "d e", "f"]);
    expect(splitArguments(`  set "0 2 * * 1" --threshold 200 `)).toEqual(["set", "0 2 * * 1", "--threshold", "200"]);
    expect(splitArguments(`"unclosed words`)).toEqual(["unclosed words"]);
    expect(splitArguments("")).toEqual([]);
  });
});
