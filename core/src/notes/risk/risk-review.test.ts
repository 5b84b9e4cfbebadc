import { describe, expect, it } from "vitest";
import { committedRiskModel, type RiskModelFile } from "./risk-model.ts";
import { reviewSentence, reviewStatement } from "./risk-review.ts";
import { loadRiskSet, measureTwoTiers, type RiskSplit } from "./risk-set.ts";
import { screenStatement } from "./screen-risk.ts";
import { flagsToAcknowledge, screenTranscript } from "./screen-transcript.ts";

/** A held-out split's two-tier figures at or above its floors (rules alone), with its exact risk and denial counts. */
function expectTwoTierFloors(split: RiskSplit, floors: { positives: number; union: number; flag: number; precision: number; denials: number; denialsRecognised: number }): void {
  const m = measureTwoTiers(loadRiskSet(split));
  expect(m.positives).toBe(floors.positives);
  expect(m.union.recall).toBeGreaterThanOrEqual(floors.union);
  expect(m.flag.recall).toBeGreaterThanOrEqual(floors.flag);
  expect(m.flag.precision).toBeGreaterThanOrEqual(floors.precision);
  expect(m.denials).toBe(floors.denials);
  expect(m.denialsRecognised).toBeGreaterThanOrEqual(floors.denialsRecognised);
}

describe("risk screen's review tier (possible risk — review)", () => {
  // Floors on `heldout8` only: written and committed by helper/risk8 (c2c25ec) before any change, never tuned on.
  // helper/risk14 chose the review tier's cue classes and its one scope rule on the tune splits only (tune…heldout7,
  // probes, ordinary, cssrs-tune, counselchat-tune; AnnoMI's even-numbered sessions for the false-alarm side), froze
  // them (commit 3b87eb3), then scored heldout8 once: flag tier 78/86 = 0.907 (precision 78/80, unchanged); review
  // tier 4 more risk statements among its 40 flags (precision 4/40 = 0.10); flag ∪ review 82/86 = 0.953.
  // The floors sit just under those figures. The flag tier's own floors stay in screen-risk.test.ts, unchanged.
  // helper/risk13 (denials no longer review flags) scored it again with its rules frozen: flag ∪ review 81/86 = 0.942
  // (one relapse sentence the flag tier misreads as a denial is no longer caught), review precision 3/28 = 0.107.
  // From the 2026-12-07 session (helper/risk14, second time) heldout8 is TUNED ON: its misses were studied as classes.
  // These floors were set before that and are left as they were (not raised on a set now tuned on).
  it("heldout8: recall of flag ∪ review >= 0.94 on risk statements; review-tier precision >= 0.09; flag tier as before", () => {
    const m = measureTwoTiers(loadRiskSet("heldout8"));
    expect(m.positives).toBeGreaterThanOrEqual(86);
    expect(m.union.recall).toBeGreaterThanOrEqual(0.94);
    expect(m.review.precision).toBeGreaterThanOrEqual(0.09);
    expect(m.flag.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.flag.precision).toBeGreaterThanOrEqual(0.97);
    expect(m.union.truePositives).toBe(m.flag.truePositives + m.review.truePositives);
  });

  // Sentences written for this test, in no labelled split.
  it("raises a review flag on a patient's sentence the flag tier does not flag, never on a clinician's", () => {
    for (const [text, category] of [
      ["Everyone keeps saying I'm a burden and they're right.", "suicidal_ideation"],
      ["I told my sister she can have my car.", "suicidal_ideation"],
    ] as const) {
      expect(screenStatement(text, "patient").verdict, text).toBe("none");
      expect(reviewStatement(text, "patient"), text).toMatchObject({ category });
      expect(reviewStatement(text, "clinician"), text).toBeUndefined();
    }
    for (const text of ["I'm fine, work is busy.", "We went to the beach and had chips.", "I want to cut down on cigarettes."]) {
      expect(reviewStatement(text, "patient"), text).toBeUndefined();
    }
  });

  // Floors on `heldout9` only: written and committed by helper/risk13 (0dd498c) before any change in that session,
  // never tuned on; the change (denials are not review flags, a negator's scope ends at a conditional, wider review
  // cue classes) was chosen on the tune splits only (tune…heldout7, probes, ordinary, cssrs-tune, counselchat-tune,
  // AnnoMI's even sessions), frozen at 7a9c527, then heldout9 was scored once: flag tier 89/105 = 0.848, precision
  // 89/96 = 0.927; review tier 10 risk among 27 flags (0.370); flag ∪ review 99/105 = 0.943; denials shown as screened
  // negatives 14/24, review-flagged 3/24 (main's rules, in the same run: 99/105, review 10/36, denials review-flagged 12/24).
  // From the 2026-12-07 session (helper/risk14, second time) heldout9 is TUNED ON, like heldout8: these floors date
  // from before and are left as they were (not raised on a set now tuned on).
  it("heldout9: flag ∪ review >= 0.94; review precision >= 0.35; flag tier >= 0.84 at precision >= 0.92; at most 3 of 24 denials review-flagged", () => {
    const m = measureTwoTiers(loadRiskSet("heldout9"));
    expect(m.positives).toBe(105);
    expect(m.union.recall).toBeGreaterThanOrEqual(0.94);
    expect(m.review.precision).toBeGreaterThanOrEqual(0.35);
    expect(m.flag.recall).toBeGreaterThanOrEqual(0.84);
    expect(m.flag.precision).toBeGreaterThanOrEqual(0.92);
    expect(m.denials).toBe(24);
    expect(m.denialsReviewed).toBeLessThanOrEqual(3);
  });

  // Floors on `heldout10` only: 363 utterances (166 risk, 49 denials, 148 none) written and committed by helper/riskset14
  // (a35c05d) in one sitting by a writer who never read the screen's rules or ran it; scored once by the lead on the merged
  // tree of 2026-12-07 (helper/risk14's rules frozen, `bot/eval/risk-set.ts`): flag tier 112/166 = 0.675 at precision
  // 112/132 = 0.848; review tier 21 risk among 51 flags (0.412); flag ∪ review 133/166 = 0.801 (target 0.95: missed);
  // denials shown as screened negatives 23/49, flagged as risk 4. The floors sit just under those figures
  // and only catch a regression; they are not the target.
  // From helper/risk15 (2026-12-07) heldout10 is TUNED ON: its misses were studied as classes (clinicians' documentation,
  // texting forms), the learned model is trained on it and its thresholds were chosen on out-of-fold readings that
  // include it. These floors date from before and are left as they were (not raised on a set now tuned on); the
  // leave-one-set-out figures are in the notes README, and the next blind split (heldout11) is the untuned reading.
  it("heldout10 (blind, 1 read): flag ∪ review >= 0.79; flag tier >= 0.66 at precision >= 0.83; screened negatives >= 22 of 49", () => {
    expectTwoTierFloors("heldout10", { positives: 166, union: 0.79, flag: 0.66, precision: 0.83, denials: 49, denialsRecognised: 22 });
  });

  // Floors on `heldout11` only: 375 utterances (170 risk, 51 denials, 154 none) written and committed by helper/riskset15
  // (4598a1e) in one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged
  // tree of 2026-12-07 (helper/risk15's rules frozen, `bot/eval/risk-set.ts`): flag tier 113/170 = 0.665 at precision
  // 113/132 = 0.856; review tier 21 risk among 47 flags (0.447); flag ∪ review 134/170 = 0.788 (target 0.95: missed, and
  // no better than heldout10's blind read); denials shown as screened negatives 29/51, flagged as risk 5. The floors sit
  // just under those figures and only catch a regression; they are not the target. From helper/risk16 (2026-12-07)
  // heldout11 is TUNED ON (a fold of both leave-one-set-out trainings, its text not read): these floors stay as set; the
  // embedding classifier's floors on its out-of-fold reading are in plugins/embedder-use/test/risk-embedding.test.ts.
  it("heldout11 (blind read, now tuned on): flag ∪ review >= 0.78; flag tier >= 0.65 at precision >= 0.84; screened negatives >= 28 of 51", () => {
    expectTwoTierFloors("heldout11", { positives: 170, union: 0.78, flag: 0.65, precision: 0.84, denials: 51, denialsRecognised: 28 });
  });

  // Floors on `heldout12` only: 405 utterances (184 risk, 61 denials, 160 none) written and committed by helper/riskset16
  // (714fe72) in one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged
  // tree of 2026-12-07 (integ18: helper/risk16's rules frozen, `bot/eval/risk-set.ts`, embedding classifier off as on the
  // default tier): flag tier 124/184 = 0.674 at precision 124/145 = 0.855; review tier 25 risk among 52 flags (0.481);
  // flag ∪ review 149/184 = 0.810 (target 0.95: missed); denials shown as screened negatives 32/61, flagged as risk 6.
  // The floors sit just under those figures and only catch a regression; they are not the target. Since helper/risk17
  // heldout12 is a TUNING set (its text not read there; no rule was changed for it; the embedding classifier's weights
  // and review bar were not chosen on it), so these floors no longer say anything about unseen text.
  it("heldout12 (blind read once, now a tuning set): flag ∪ review >= 0.80; flag tier >= 0.66 at precision >= 0.84; screened negatives >= 31 of 61", () => {
    expectTwoTierFloors("heldout12", { positives: 184, union: 0.8, flag: 0.66, precision: 0.84, denials: 61, denialsRecognised: 31 });
  });

  // Floors on `heldout14`: 414 utterances (186 risk, 65 denials, 163 none) written and committed by helper/riskset18
  // (5d07dcb) in one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged
  // tree of 2026-12-07 (integ20: helper/risk18's rules frozen, `bot/eval/risk-set.ts`). Rules alone (this test): flag tier
  // 137/186 = 0.737 at precision 137/153 = 0.895; review 17 risk among 45 flags; flag ∪ review 154/186 = 0.828; denials
  // shown as screened negatives 31/65. With the sentence classifier (the default, `--embedder use`): flag ∪ review
  // 164/186 = 0.882 (target 0.95: missed), review precision 27/58. The floors sit just under the rules-alone read and only
  // catch a regression; no rule or threshold was chosen on this set. From the next round on it is a tuning set:
  // helper/risk21 tuned on it (README, "heldout15 tuned on"), so these floors are left as set, not raised.
  // helper/risk20 TUNED ON it (its misses, unscreened denials and false flags read as classes): these floors stay as set
  // (not raised on a set now tuned on); heldout15, sealed, is the next blind read.
  it("heldout14 (blind, read once): flag ∪ review >= 0.82; flag tier >= 0.73 at precision >= 0.89; screened negatives >= 31 of 65", () => {
    expectTwoTierFloors("heldout14", { positives: 186, union: 0.82, flag: 0.73, precision: 0.89, denials: 65, denialsRecognised: 31 });
  });

  // Floors on `heldout15`: 425 utterances (193 risk, 70 denials, 162 none) written and committed by helper/riskset19
  // (3d85a7c) in one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged
  // tree of 2026-12-07 (integ21: helper/risk20's rules frozen, `bot/eval/risk-set.ts`). Rules alone (this test): flag tier
  // 121/193 = 0.627 at precision 121/139 = 0.871; review 36 risk among 63 flags; flag ∪ review 157/193 = 0.813; denials
  // shown as screened negatives 36/70. With the sentence classifier (the default, `--embedder use`): flag ∪ review
  // 175/193 = 0.907 (target 0.95: missed), review precision 54/89. The floors sit just under the rules-alone read and only
  // catch a regression; no rule or threshold was chosen on this set. From the next round on it is a tuning set:
  // helper/risk21 tuned on it (README, "heldout15 tuned on"), so these floors are left as set, not raised.
  it("heldout15 (blind, read once): flag ∪ review >= 0.81; flag tier >= 0.62 at precision >= 0.87; screened negatives >= 36 of 70", () => {
    expectTwoTierFloors("heldout15", { positives: 193, union: 0.81, flag: 0.62, precision: 0.87, denials: 70, denialsRecognised: 36 });
  });

  // Floors on `heldout16`: 422 utterances (192 risk, 70 denials, 160 none) written and committed by helper/riskset20
  // (a4862b8) in one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged
  // tree of 2026-12-07 (integ22: helper/risk21's rules frozen, `bot/eval/risk-set.ts`). Rules alone (this test): flag tier
  // 130/192 = 0.677 at precision 130/144 = 0.903; review 28 risk among 53 flags; flag ∪ review 158/192 = 0.823; denials
  // shown as screened negatives 44/70. With the sentence classifier (the default, `--embedder use`): flag ∪ review
  // 171/192 = 0.891 (target 0.95: missed; heldout15, tuned on in the same round, read 0.995), review precision 41/70. The
  // floors sit just under the rules-alone read and only catch a regression; no rule or threshold was chosen on this set.
  // From the next round on it is a tuning set and heldout17 is the next blind read.
  it("heldout16 (blind, read once): flag ∪ review >= 0.82; flag tier >= 0.67 at precision >= 0.90; screened negatives >= 44 of 70", () => {
    expectTwoTierFloors("heldout16", { positives: 192, union: 0.82, flag: 0.67, precision: 0.9, denials: 70, denialsRecognised: 44 });
  });

  // Floors on `heldout17`: 422 utterances (192 risk, 70 denials, 160 none) written and committed by helper/riskset21 in
  // one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged tree of
  // 2026-12-08 (integ23: helper/risk22's compositional reading and the "were" fix frozen, `bot/eval/risk-set.ts`). Rules
  // alone (this test): flag tier 127/192 = 0.661 at precision 127/140 = 0.907; review 22 risk among 47 flags; flag ∪
  // review 149/192 = 0.776; denials shown as screened negatives 45/70. With the sentence classifier (the default,
  // `--embedder use`): flag ∪ review 165/192 = 0.859 (target 0.95: missed), review precision 38/71. The floors sit just
  // under the rules-alone read and only catch a regression; no rule or threshold was chosen on this set. From the next
  // round on it is a tuning set and heldout18 is the next blind read.
  // helper/risk23 (2026-12-08) held it out while writing the frame readings (risk-frames.ts: tuned on heldout10…heldout16
  // and written22 only), froze them (a974ac7), then scored it once: rules alone flag ∪ review 149 -> 153/192 = 0.797, review
  // 22/47 -> 26/51 = 0.510 (the 4 flags added are all risk statements), flag tier and denials unchanged. The union and
  // review floors sit just under that read.
  it("heldout17 (blind, read once): flag ∪ review >= 0.79; review precision >= 0.50; flag tier >= 0.66 at precision >= 0.90; screened negatives >= 45 of 70", () => {
    expectTwoTierFloors("heldout17", { positives: 192, union: 0.79, flag: 0.66, precision: 0.9, denials: 70, denialsRecognised: 45 });
    expect(measureTwoTiers(loadRiskSet("heldout17")).review.precision).toBeGreaterThanOrEqual(0.5);
  });

  // Floors on `heldout18`: 422 utterances (191 risk, 70 denials, 161 none) written and committed by helper/riskset22 in
  // one sitting by a writer who never read the screen's rules or ran it; scored ONCE by the lead on the merged tree of
  // 2026-12-08 (integ24: helper/risk23's frame readings frozen, `bot/eval/risk-set.ts`). Rules alone (this test): flag
  // tier 114/191 = 0.597 at precision 114/135 = 0.844; review 37 risk among 66 flags; flag ∪ review 151/191 = 0.791;
  // denials shown as screened negatives 42/70. With the sentence classifier (the default, `--embedder use`): flag ∪ review
  // 168/191 = 0.880 (target 0.95: missed), review precision 54/88. The floors sit just under the rules-alone read and only
  // catch a regression; no rule or threshold was chosen on this set. From the next round on it is a tuning set and
  // heldout19 is the next blind read.
  it("heldout18 (blind, read once): flag ∪ review >= 0.79; review precision >= 0.55; flag tier >= 0.59 at precision >= 0.84; screened negatives >= 42 of 70", () => {
    expectTwoTierFloors("heldout18", { positives: 191, union: 0.79, flag: 0.59, precision: 0.84, denials: 70, denialsRecognised: 42 });
    expect(measureTwoTiers(loadRiskSet("heldout18")).review.precision).toBeGreaterThanOrEqual(0.55);
  });

  // Sentences written for this test, in no labelled split. A denial is a screened negative, shown as such and not a
  // review flag (helper/risk13; before, 83 of the 120 denials in the written tune splits also raised one).
  it("a denial is a screened negative, not a review flag; the sentence's other clauses are still reviewed", () => {
    const flags = screenTranscript([
      { index: 0, role: "patient", speaker: "Client", startMs: 0, text: "No, I've never tried to kill myself." },
      { index: 1, role: "patient", speaker: "Client", startMs: 4000, text: "I don't want to die." },
      { index: 2, role: "patient", speaker: "Client", startMs: 8000, text: "I'm not suicidal, but I feel like such a burden." },
    ]);
    expect(flags.filter((f) => f.turn < 2).map((f) => f.verdict)).toEqual(["denied", "denied"]);
    expect(flags.filter((f) => f.turn === 2).map((f) => f.verdict).sort()).toEqual(["denied", "review"]);
    for (const text of ["No, I've never tried to kill myself.", "I don't want to die."]) {
      const flag = screenStatement(text, "patient");
      expect(flag.verdict, text).toBe("denied");
      expect(reviewSentence(text, "patient", flag), text).toBeUndefined();
      expect(reviewStatement(text, "patient"), text).toBeDefined(); // the cue alone would have matched
    }
  });

  // Sentences written for this test, in no labelled split: the cue classes helper/risk13 widened from the tune
  // splits' review-alone misses (the backstop should cover what the flag tier covers, in other words).
  it("its cues alone name the widened themes: harming a named person, medication lined up, praying to be taken, someone coming into the bathroom, a chosen night", () => {
    for (const [text, category] of [
      ["I keep thinking about choking my cousin.", "harm_to_others"],
      ["I've got two months of my lithium lined up in the drawer.", "plan_or_means"],
      ["Some nights I pray God takes me in my sleep.", "suicidal_ideation"],
      ["Her boyfriend keeps coming into the bathroom when I'm showering.", "abuse_safeguarding"],
      ["I've chosen the night already.", "plan_or_means"],
    ] as const) {
      expect(reviewStatement(text, "patient"), text).toMatchObject({ category });
    }
    for (const text of ["I cut down on bread.", "I want to be here for my kids."]) expect(reviewStatement(text, "patient"), text).toBeUndefined();
  });

  it("reaches the note's flags as `review`, citing its turn, not doubling a flag-tier flag; both tiers need acknowledging", () => {
    const flags = screenTranscript([
      { index: 0, role: "clinician", speaker: "Therapist", startMs: 0, text: "How has the week been? Everyone keeps saying you're a burden?" },
      { index: 1, role: "patient", speaker: "Client", startMs: 5000, text: "Work is busy. Everyone keeps saying I'm a burden and they're right." },
      { index: 2, role: "patient", speaker: "Client", startMs: 9000, text: "I want to kill myself." },
    ]);
    const review = flags.filter((f) => f.verdict === "review");
    expect(review).toEqual([{ category: "suicidal_ideation", verdict: "review", turn: 1, speaker: "Client", startMs: 5000, quote: "Everyone keeps saying I'm a burden and they're right." }]);
    expect(flags.filter((f) => f.turn === 2).map((f) => f.verdict)).toEqual(["risk"]);
    expect(flagsToAcknowledge(flags)).toEqual({ risk: 1, review: 1, total: 2 });
    expect(flagsToAcknowledge(review).total).toBe(1);
  });

  // Sentences written for this test, in no labelled split (helper/risk14, 2026-12-07): risk placed in a past the
  // sentence says has ended, acts the sentence denies and safety statements are screened negatives in both tiers.
  it("past-resolved risk, denied acts and safety statements are screened negatives, shown as such, not flags", () => {
    for (const text of [
      "I used to cut my legs when I was at college but I stopped ages ago.",
      "I used to think my family would be better off without me, but I don't think that now.",
      "It's been about two years since I last took an overdose.",
      "I have never once felt like I'd be better off dead.",
      "I've stayed clean through all the court stuff.",
      "I feel safe with my foster carers.",
      "I'd never put a hand on my little boy.",
      "My husband has never been violent with me.",
    ]) {
      const flag = screenStatement(text, "patient");
      const review = reviewSentence(text, "patient", flag);
      expect(flag.verdict === "denied" || review?.screenedNegative === true, text).toBe(true);
      expect(flag.verdict, text).not.toBe("risk");
      expect(review === undefined || review.screenedNegative === true, text).toBe(true);
    }
    // Still risk: the past is not said to have ended, is recent, or is back; a regret says it happened.
    for (const text of ["I used to cut and I've started again this week.", "I overdosed two years ago.", "It's been nine days since I last burnt myself.", "I had three vodkas last night, which I shouldn't have after nine months dry."]) {
      const flag = screenStatement(text, "patient");
      const review = reviewSentence(text, "patient", flag);
      expect(flag.verdict === "risk" || (review !== undefined && !review.screenedNegative), text).toBe(true);
    }
    const flags = screenTranscript([{ index: 0, role: "patient", speaker: "Client", startMs: 0, text: "It's been about two years since I last took an overdose." }]);
    expect(flags.map((f) => f.verdict)).toEqual(["denied"]);
  });

  // Sentences written for this test, in no labelled split (helper/risk14, 2026-12-07).
  it("reads texting style, run-on turns, and risk told without a risk word", () => {
    for (const text of [
      "idk i cant do this anymore im sooo tired of being alive",
      "honestly ill do it this weekend nobody would even notice tbh",
      "i nearly odd last weekend",
      "yeah so the bus was late again and my sister came round with the baby and there's no reason for me to be here and then we had tea.",
      "I keep thinking about the easy way out.",
      "He grabs my wrist so hard it leaves marks.",
      "My coach asks me for photos and says to keep it a secret.",
      "I've got a hosepipe in the boot of the car.",
      "I pull my eyelashes out when I'm stressed.",
    ]) {
      const flag = screenStatement(text, "patient");
      const review = reviewSentence(text, "patient", flag);
      expect(flag.verdict === "risk" || (review !== undefined && !review.screenedNegative), text).toBe(true);
    }
  });

  // Sentences written for this test, in no labelled split (helper/risk15): the learned model as the review tier's
  // second net. A tiny model whose one feature is a word no cue names, so only the model can raise the flag.
  it("raises a review flag where the model's probability reaches its review bar but not the flag bar; never for a clinician, a question to the patient, a past that has ended, or without the model", () => {
    const empty = { bias: 0, weights: {} };
    const model: RiskModelFile = {
      trainedOn: ["test"], features: "words", threshold: 0.99, reviewThreshold: 0.6, chosenOn: "test",
      risk: { bias: -3, weights: { lighthouse: 5 } },
      categories: { suicidal_ideation: { bias: 1, weights: {} }, self_harm: empty, plan_or_means: empty, overdose: empty, harm_to_others: empty, abuse_safeguarding: empty, substance_relapse: empty },
    };
    const text = "I keep walking out to the lighthouse at night.";
    const flag = screenStatement(text, "patient", { model });
    expect(flag.verdict).toBe("none");
    expect(reviewSentence(text, "patient", flag, { model })).toMatchObject({ category: "suicidal_ideation", cue: "model p=0.88" });
    expect(reviewSentence(text, "patient", flag, { model: null })).toBeUndefined();
    expect(reviewSentence(text, "patient", flag, { model: { ...model, reviewThreshold: undefined } })).toBeUndefined();
    expect(reviewSentence(text, "clinician", screenStatement(text, "clinician", { model }), { model })).toBeUndefined();
    const question = "Do you go out to the lighthouse at night?";
    expect(reviewSentence(question, "patient", screenStatement(question, "patient", { model }), { model })).toBeUndefined();
    const past = "I used to walk out to the lighthouse at night but I stopped years ago.";
    expect(reviewSentence(past, "patient", screenStatement(past, "patient", { model }), { model })).toBeUndefined();
    // The committed weights carry no review bar (no bar met the review budget on AnnoMI's even sessions,
    // measure/train-risk-model.ts; README). Without one the model raises no review flag.
    const committed = committedRiskModel();
    if (committed.reviewThreshold !== undefined) expect(committed.reviewThreshold).toBeLessThan(committed.threshold);
    else expect(reviewSentence(text, "patient", screenStatement(text, "patient"))).toBeUndefined();
  });

  // Sentences written for this test, in no labelled split (helper/risk15): a clinician's documentation of the patient
  // ("Pt reports …") is the patient's statement in the third person; any other clinician sentence is still never a flag.
  it("reads a clinician's documentation of the patient as the patient's statement, with its shorthand and its denials", () => {
    for (const [text, category] of [
      ["Pt reports SI with plan to hang self from the banister.", "suicidal_ideation"],
      ["Patient disclosed that her stepfather hit pt with a belt on Sunday.", "abuse_safeguarding"],
      ["Pt reports cutting forearms 3x this wk.", "self_harm"],
    ] as const) {
      const flag = screenStatement(text, "clinician");
      const review = reviewSentence(text, "clinician", flag);
      expect(flag.verdict === "risk" || (review !== undefined && !review.screenedNegative), text).toBe(true);
      expect([...flag.findings.map((f) => f.category), review?.category], text).toContain(category);
    }
    for (const text of ["Pt denies SI, HI, plan or intent.", "Client denies suicidal ideation and self-harm."]) {
      expect(screenStatement(text, "clinician").verdict, text).toBe("denied");
    }
    for (const text of ["Have you had any thoughts of suicide since we last met?", "You said the cutting started again at Easter.", "Pt, have you been cutting?"]) {
      const flag = screenStatement(text, "clinician");
      expect(flag.verdict, text).not.toBe("risk");
      expect(reviewSentence(text, "clinician", flag), text).toBeUndefined();
    }
  });

  // Sentences written for this test, in no labelled split (helper/risk15): texting forms of "be" and run-together "selfharm".
  it("reads texting's 'b' for 'be' and 'selfharm' run together", () => {
    for (const text of ["honestly i dont want to b alive anymore", "the selfharming is back and its worse"]) {
      const flag = screenStatement(text, "patient");
      const review = reviewSentence(text, "patient", flag);
      expect(flag.verdict === "risk" || (review !== undefined && !review.screenedNegative), text).toBe(true);
    }
  });

  // Sentences written for this test, in no labelled split (helper/risk14, 2026-12-07): a self-directed theme said of
  // someone else or inside a hypothetical is no review flag (short sentences); harm to others and abuse keep no scope.
  it("no review flag for someone else's overdose or a hypothetical; a third party hurting a child is still one", () => {
    for (const text of ["My uncle took an overdose at Christmas.", "If I ever felt like ending it, I'd phone the crisis line."]) {
      expect(reviewSentence(text, "patient", screenStatement(text, "patient")), text).toBeUndefined();
    }
    const child = "My daughter's stepdad hits her with a belt.";
    const flag = screenStatement(child, "patient");
    expect(flag.verdict === "risk" || reviewSentence(child, "patient", flag) !== undefined).toBe(true);
  });

  // Sentences written for this test, in no labelled split (helper/risk18): the failure classes of heldout10…heldout13
  // as general mechanisms, each tried on wording of its own (never a labelled line).
  const caught = (text: string, role: "patient" | "clinician" = "patient"): boolean => {
    const flag = screenStatement(text, role);
    const review = reviewSentence(text, role, flag);
    return flag.verdict === "risk" || (review !== undefined && !review.screenedNegative);
  };
  const screenedNegative = (text: string, role: "patient" | "clinician" = "patient"): boolean => {
    const flag = screenStatement(text, role);
    const review = reviewSentence(text, role, flag);
    return flag.verdict !== "risk" && (review === undefined || review.screenedNegative === true) && (flag.verdict === "denied" || review?.screenedNegative === true);
  };

  it("reads a note whose subject is elided, whose finding comes first, or whose patient is he or she", () => {
    for (const text of [
      "Reports wanting to be dead most mornings; no plan.",
      "Two new burns to the L forearm, pt states self-inflicted on Friday.",
      "He disclosed thoughts of ending his life after the court date.",
      "She told me she has been hurting herself with a compass.",
    ]) expect(caught(text, "clinician"), text).toBe(true);
    expect(screenedNegative("Hx of NSSI 2012, resolved; denies current urges.", "clinician")).toBe(true);
    expect(caught("You said your dad hurt himself at work.", "clinician")).toBe(false);
  });

  it("reads risk placed in a past that has ended (an age, a year, 'years ago', thoughts that stopped) as a screened negative, and not one that goes on", () => {
    for (const text of [
      "I took an overdose when I was seventeen, but I haven't felt like that in years.",
      "I had thoughts of killing myself in 2016, they went away once I got help.",
      "I burned myself a lot at college. I haven't for over five years.",
    ]) expect(screenedNegative(text), text).toBe(true);
    for (const text of [
      "I cut myself years ago and I haven't stopped since.",
      "I decided last year that I couldn't go on living like this anymore.",
      "I tried to kill myself in 2019 and it never went away.",
    ]) expect(caught(text), text).toBe(true);
  });

  it("reads passive ideation, command voices, threats, control and oblique self-harm by their constructions", () => {
    for (const text of [
      "Honestly I've stopped caring whether I live.",
      "They won't have to deal with me much longer.",
      "The voices told me I should join them tonight.",
      "I know what time he leaves work and where he parks.",
      "My boyfriend keeps my passport in his safe.",
      "Exhausted. Of life. Of all of it.",
      "I'd be lying if I said ending it all isn't on my mind.",
      // The first theme (the knives) is said with someone else as the subject; the urge is the speaker's.
      "My brother took the knives away but I still get urges to stab someone.",
    ]) expect(caught(text), text).toBe(true);
    for (const text of ["I don't mind if you move the session.", "I think it's the right time to start.", "I finished my life story essay."]) {
      expect(caught(text), text).toBe(false);
    }
  });
  // Sentences written for this test, in no labelled split (helper/risk20): the failure classes of heldout14 as general
  // mechanisms, each tried on wording of its own.
  it("reads slang reflexives, vehicles as the agent, clinical attempt and intent nouns, and elliptical means, relapse and passive ideation", () => {
    for (const text of [
      "I keep thinking about topping myself.",
      "Some nights I want to neck myself.",
      "I wouldn't care if a lorry took me out.",
      "Part of me hopes the flight crashes on the way home.",
      "Bought the biggest pack they sell, then another chemist for more.",
      "I've been testing whether the belt would take my weight.",
      "The gambling's back and the drinking's back with it.",
      "Everyone would forget about me soon enough.",
      "It would be peaceful to never wake up.",
      "I wouldn't be bothered if I caught something and didn't recover.",
      "My niece's boyfriend is 25 and she is only 13.",
    ]) expect(caught(text), text).toBe(true);
    for (const text of [
      "Pt disclosed attempt by ligature last week, states intent to act again.",
      "Has a shotgun in the shed and has described a plan.",
      "Client voiced threats to stab neighbour.",
    ]) expect(caught(text, "clinician"), text).toBe(true);
  });

  it("reads denials told without a risk word, and pasts ended by a date, a repeat that never came, or old marks, as screened negatives", () => {
    for (const text of [
      "I haven't taken anything extra this week.",
      "Still sober, eight months now.",
      "I'm safe at home with my partner.",
      "My last overdose was over three years ago.",
      "My scars are all old, from college; I haven't done it in ages.",
      "We got rid of the shotgun after the burglary.",
    ]) expect(screenedNegative(text), text).toBe(true);
    for (const text of ["No plan, no intent.", "Remains abstinent from alcohol.", "Previous OD 2017, no repeat."]) expect(screenedNegative(text, "clinician"), text).toBe(true);
  });

  it("reads a possessive, a reported event, a story or a subordinate clause's own subject as someone else; an expletive 'it' as no one", () => {
    for (const text of ["Her overdose was in all the papers.", "In the film the hero jumps off a bridge.", "I've been off work since my dad died."]) {
      expect(screenStatement(text, "patient").verdict, text).not.toBe("risk");
    }
    expect(caught("It would be a relief to stop existing.")).toBe(true);
  });
});
