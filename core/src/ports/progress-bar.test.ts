import { describe, expect, it } from "vitest";
import { progressBar } from "./progress-bar.ts";

describe("progressBar", () => {
  it("fills the done share of ten cells and gives the whole percentage", () => {
    expect(progressBar(0.44, "#", ".")).toEqual({ bar: "####......", percent: 44 });
    expect(progressBar(0.46, "#", ".")).toEqual({ bar: "#####.....", percent: 46 });
  });

  it("clamps shares outside 0–1", () => {
    expect(progressBar(-0.5, "#", ".")).toEqual({ bar: "..........", percent: 0 });
    expect(progressBar(3, "#", ".")).toEqual({ bar: "##########", percent: 100 });
  });

  it("has no bar when the share is unknown", () => {
    for (const f of [undefined, Number.NaN, Number.POSITIVE_INFINITY]) expect(progressBar(f, "#", ".")).toBeUndefined();
  });
});
