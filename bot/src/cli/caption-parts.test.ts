import { describe, expect, it } from "vitest";
import { sniffMediaType } from "@rounds/core";
import { captionParts } from "./caption-parts.ts";

const typeOf = (text: string, name: string) => sniffMediaType(new TextEncoder().encode(text), name);
const words = (text: string, name: string) => captionParts(text, typeOf(text, name)).filter((p) => p.words).map((p) => p.text);
const structure = (text: string, name: string) => captionParts(text, typeOf(text, name)).filter((p) => !p.words).map((p) => p.text).join("");

const vtt = [
  "\uFEFFWEBVTT Visit with Mirela Dobos",
  "Kind: captions",
  "",
  "NOTE typed by Mirela's brother",
  "",
  "STYLE",
  "::cue(v[voice=\"Nurse\"]) { color: cyan }",
  "",
  "1",
  "00:00:00.500 --> 00:00:04.000 align:start position:10%",
  "<v.loud Mirela Dobos>I live at <i>9 Quarry Lane</i> now.</v>",
  "",
  "welcome-back",
  "00:04.000 --> 00:09.000",
  "<v Nurse>Is Tibor still <00:00:05.000>at home?",
  "He rang from Kecskemét.",
  "",
].join("\r\n");

const srt = "1\n00:00:01,000 --> 00:00:03,000\n{\\an8}<b>Mirela:</b> hello\nsecond line\n\n2\n00:00:03,000 --> 00:00:05,000\nNurse: Tibor rang.\n";

describe("captionParts", () => {
  it("gives back the input exactly when its parts are joined, for WebVTT, SubRip and plain text", () => {
    for (const [text, name] of [[vtt, "a.vtt"], [srt, "a.srt"], ["WEBVTTX is a word here\n", "a.txt"], ["", "a.vtt"]] as const) {
      expect(captionParts(text, typeOf(text, name)).map((p) => p.text).join("")).toBe(text);
    }
  });

  it("keeps the WebVTT signature, header keys, cue numbers, timings with settings, STYLE blocks and tags out of the words", () => {
    const kept = structure(vtt, "a.vtt");
    for (const s of ["\uFEFFWEBVTT ", "Kind: ", "NOTE", "STYLE", "::cue(v[voice=\"Nurse\"]) { color: cyan }", "\r\n1\r\n",
      "00:00:00.500 --> 00:00:04.000 align:start position:10%", "00:04.000 --> 00:09.000", "<v.loud ", "<i>", "</i>", "</v>", "<00:00:05.000>"]) {
      expect(kept).toContain(s);
    }
    for (const w of words(vtt, "a.vtt")) expect(w).not.toMatch(/-->|WEBVTT|<|>|color/);
  });

  it("hands the de-identifier every word a person could be named in: title, header value, comment, voice, cue text, a named cue id", () => {
    const all = words(vtt, "a.vtt").join("|");
    for (const s of ["Visit with Mirela Dobos", "captions", " typed by Mirela's brother", "Mirela Dobos", "9 Quarry Lane", "welcome-back", "Tibor still ", "Kecskemét"]) {
      expect(all).toContain(s);
    }
    // A cue's lines are one text, so a name broken over two lines reaches the de-identifier whole.
    expect(words(vtt, "a.vtt")).toContain("at home?\r\nHe rang from Kecskemét.");
  });

  it("splits SubRip the same way: numbers, timings and tags are structure; the lines of a cue are one text", () => {
    expect(words(srt, "a.srt")).toEqual(["Mirela:", " hello\nsecond line", "Nurse: Tibor rang."]);
    expect(structure(srt, "a.srt")).toContain("00:00:01,000 --> 00:00:03,000");
    expect(structure(srt, "a.srt")).toContain("{\\an8}<b>");
  });

  it("treats a line it does not recognise, or any other format, as words", () => {
    const odd = "WEBVTT\n\nno timing in this block, Mirela\n";
    expect(words(odd, "a.vtt")).toEqual(["no timing in this block, Mirela"]);
    expect(captionParts("Mirela 00:00:01.000 --> 00:00:02.000", "text/plain")).toEqual([{ text: "Mirela 00:00:01.000 --> 00:00:02.000", words: true }]);
  });
});
