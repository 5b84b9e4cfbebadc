import { describe, expect, it } from "vitest";
import { readWishes } from "./risk-reading.ts";
import { reviewSentence } from "./risk-review.ts";
import { normaliseStatement, screenStatement } from "./screen-risk.ts";

// Sentences written for this file by helper/risk22: none is a line of any labelled split (nor of risk-set.written22.tsv).

const read = (text: string): string[] => readWishes(normaliseStatement(text)).map((r) => r.category);

/** The review tier's answer on a patient's sentence the flag tier did not flag (undefined when it did, or nothing). */
function review(text: string): string | undefined {
  const flag = screenStatement(text, "patient");
  if (flag.verdict === "risk") return "flagged";
  const r = reviewSentence(text, "patient", flag);
  return r && (r.screenedNegative ? "screened negative" : r.category);
}

describe("compositional reading of a wish about the speaker's own life", () => {
  it("reads wish(+)·end, wish(+)·continue(−), wish(−)·continue(+) and the welcome forms as ideation", () => {
    for (const text of [
      "Most nights I pray I'll drift off and stay asleep.",
      "I keep hoping I won't wake up tomorrow.",
      "I'd be glad if I never woke up.",
      "I hope I don't see another birthday.",
      "I've no will left to carry on.",
      "I'm so weary of breathing.",
      "I'd welcome it if the Lord came and took me.",
      "If a lorry hit me on the way home I wouldn't be sorry.",
      "It'd be a mercy if I didn't wake up.",
      "I can't face another day.",
    ]) expect(read(text), text).toContain("suicidal_ideation");
  });

  it("does not read a fear of dying, a wish to live, someone else's end, an activity, or a preference", () => {
    for (const text of [
      "I don't want to die, I'm scared of the operation.",
      "I want to live long enough to see my grandchildren.",
      "I want to go on holiday with my sister.",
      "I don't want to carry on with the night shifts.",
      "I hope my dad makes it through the surgery.",
      "I wish I could disappear to the beach for a week.",
      "I'd rather die than go back to that gym.",
      "I don't want to wake up early on Saturday.",
      "I hope I make it to the station on time.",
      "That's somewhere I've always wanted to go.",
    ]) expect(read(text), text).toEqual([]);
  });

  it("reads the speaker's lethal means only with a reason the sentence is not ordinary", () => {
    expect(read("I've been putting aside a couple of packets of my sleeping tablets for when I need them.")).toContain("plan_or_means");
    expect(read("I keep going up to the viaduct and looking over the edge.")).toContain("plan_or_means");
    expect(read("My brother's rifle is in his shed and I know where he keeps the key.")).toContain("plan_or_means");
    for (const text of ["I bought paracetamol for my headache.", "I walked over the bridge to get to work.", "I picked up my prescription just in case it runs out.", "I know where my mum keeps the biscuits."]) {
      expect(read(text), text).toEqual([]);
    }
  });

  it("is a review flag on its own, and the review tier's scope still applies: someone else's wish, an ended past", () => {
    expect(review("I've no will left to keep going, honestly.")).toBe("suicidal_ideation");
    expect(review("My friend says she's lost any wish to keep going.")).toBeUndefined();
    expect(review("Years ago I used to hope I wouldn't wake up, but that's long behind me now.")).not.toBe("suicidal_ideation");
  });
});

describe("normalising typed contractions", () => {
  it("spells out a bare \"youre\" / \"theyre\" but leaves the past tense \"were\" as written", () => {
    expect(normaliseStatement("Youre not listening and theyre no help")).toBe("you are not listening and they are no help");
    expect(normaliseStatement("We were fine until the accident")).toBe("we were fine until the accident");
    expect(normaliseStatement("they were better off before")).toContain("they were better off");
  });
});
