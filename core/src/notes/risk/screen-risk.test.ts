import { describe, expect, it } from "vitest";
import { loadRiskSet, measureRiskScreen } from "./risk-set.ts";
import { screenTranscript } from "./screen-transcript.ts";
import { riskModelThreshold, scoreRiskModel } from "./risk-model.ts";
import { screenStatement } from "./screen-risk.ts";

describe("risk screen on the labelled set", () => {
  it("has at least 300 labelled utterances across two splits, every class present in each", () => {
    const tune = loadRiskSet("tune"), heldout = loadRiskSet("heldout");
    expect(tune.length + heldout.length).toBeGreaterThanOrEqual(300);
    for (const split of [tune, heldout]) {
      for (const c of ["suicidal_active", "suicidal_passive", "self_harm", "plan_means", "overdose", "harm_others", "abuse_safeguarding", "substance_relapse", "third_party", "therapist_question", "hypothetical"]) {
        expect(split.some((u) => u.category === c), c).toBe(true);
      }
    }
    const later = [...loadRiskSet("heldout2"), ...loadRiskSet("heldout3"), ...loadRiskSet("heldout4"), ...loadRiskSet("heldout5"), ...loadRiskSet("heldout6"), ...loadRiskSet("heldout7"), ...loadRiskSet("ordinary")];
    expect(later.length).toBeGreaterThanOrEqual(850);
    const texts = [...tune, ...heldout, ...later].map((u) => u.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  // Floors asserted on the THIRD HELD-OUT split only. History: tuned on
  // `tune`; `heldout` measured once (recall 76/83 = 0.916), then tuned on;
  // `heldout2` (written before that tuning) measured once (58/70 = 0.829),
  // then tuned on; `heldout3` (written before that tuning) measured once:
  // recall 59/70 = 0.843, precision 59/60 = 0.983, denials 12/14. The floors
  // sit just under those figures. The target of 0.95 is NOT met on held-out data.
  it("third held-out split: recall >= 0.82 on risk statements, precision >= 0.95", () => {
    const m = measureRiskScreen(loadRiskSet("heldout3"));
    expect(m.positives).toBeGreaterThanOrEqual(70);
    expect(m.recall).toBeGreaterThanOrEqual(0.82);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.denialsRecognised / m.denials).toBeGreaterThanOrEqual(0.8);
  });

  // The fifth split's floor stays as it was set when it was measured once;
  // the screener was then tuned on its misses (now 84/87), so it no longer
  // says anything about new phrasings: the sixth split below does.
  // Floors were first asserted on the FIFTH held-out split. `heldout4` (180) was
  // written and committed before this session's changes and measured once
  // before them (recall 74/108 = 0.685, precision 0.949); the changes were
  // then made by the same author from the earlier splits' misses, so its
  // later figure (106/108) is not a held-out figure and is not asserted.
  // `heldout5` (135) was written after those changes were committed and
  // measured once, nothing changed after: recall 62/87 = 0.713, precision
  // 62/64 = 0.969, denials 10/12. The floors sit just under those figures.
  // The target of 0.95 is NOT met on held-out data.
  it("fifth held-out split: recall >= 0.70 on risk statements, precision >= 0.95", () => {
    const m = measureRiskScreen(loadRiskSet("heldout5"));
    expect(m.positives).toBeGreaterThanOrEqual(85);
    expect(m.recall).toBeGreaterThanOrEqual(0.7);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.denialsRecognised / m.denials).toBeGreaterThanOrEqual(0.8);
  });

  // Floors asserted on the SIXTH held-out split: written after the tuning on
  // the fifth split's misses was committed (9555181), measured once, nothing
  // changed after: recall 56/82 = 0.683, precision 56/58 = 0.966, denials
  // 9/12. The floors sit just under those figures. The target of 0.95 is NOT met.
  it("sixth held-out split: recall >= 0.66 on risk statements, precision >= 0.95", () => {
    const m = measureRiskScreen(loadRiskSet("heldout6"));
    expect(m.positives).toBeGreaterThanOrEqual(80);
    expect(m.recall).toBeGreaterThanOrEqual(0.66);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.denialsRecognised / m.denials).toBeGreaterThanOrEqual(0.7);
  });

  // Floors asserted on the SEVENTH held-out split, which was never tuned on:
  // written and committed alone (0ba9451) before the learned model existed;
  // the model was trained on tune..heldout5 plus the `ordinary` negatives and
  // its threshold (0.94) chosen on heldout6 under an AnnoMI false-alarm
  // budget; heldout7 was then measured once with the committed weights:
  // patterns OR model recall 62/86 = 0.721 (patterns alone 51/86 = 0.593),
  // precision 62/63 = 0.984, denials 7/12. The floors sit just under those
  // figures. The target of 0.95 is NOT met. (heldout6's floor above stays as
  // it was set, but heldout6 has since chosen the threshold: it is no longer
  // an untuned figure.)
  // helper/risk8 then studied heldout7's misses for the concept layer: the
  // floor stays as it was set, but heldout7 is no longer an untuned figure
  // (it now reads 86/86); heldout8 below is.
  it("seventh held-out split (floor set when it was untuned): recall >= 0.70 on risk statements, precision >= 0.95", () => {
    const m = measureRiskScreen(loadRiskSet("heldout7"));
    expect(m.positives).toBeGreaterThanOrEqual(86);
    expect(m.recall).toBeGreaterThanOrEqual(0.7);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.denialsRecognised / m.denials).toBeGreaterThanOrEqual(0.55);
  });

  // Floors asserted on the EIGHTH held-out split, which was never tuned on:
  // written and committed alone (c2c25ec) by helper/risk8 before any change
  // in that session; the concept layer (risk-concepts.ts) was then built from
  // the risk classes, heldout6/heldout7 misses and four probe rounds
  // (risk-set.probes.tsv), and heldout8 was measured once at the end:
  // patterns OR model OR concepts recall 78/86 = 0.907 (patterns OR model
  // 59/86 = 0.686, patterns alone 42/86 = 0.488), precision 78/80 = 0.975,
  // denials 14/14. The floors sit just under those figures. The same person
  // wrote the split and the concept layer, so even this figure is optimistic;
  // the target of 0.95 is NOT met. (heldout7's floor above stays as it was set,
  // but its misses have since been studied: it is no longer an untuned figure.)
  it("eighth held-out split (never tuned on): recall >= 0.90 on risk statements, precision >= 0.97", () => {
    const m = measureRiskScreen(loadRiskSet("heldout8"));
    expect(m.positives).toBeGreaterThanOrEqual(86);
    expect(m.recall).toBeGreaterThanOrEqual(0.9);
    expect(m.precision).toBeGreaterThanOrEqual(0.97);
    expect(m.denialsRecognised / m.denials).toBeGreaterThanOrEqual(0.9);
  });

  // The floors on the outside held-out halves (Reddit C-SSRS, Counsel Chat) and the no-overlap check live in
  // bot/eval/risk-outside.ts: their text is fetched data, never committed, and this suite must not skip on a
  // fresh clone. Here: without the folder, an outside split refuses to load and says how to build it.
  it("an outside split without its rebuilt folder is a clear error, not an empty set", () => {
    expect(() => loadRiskSet("cssrs-heldout")).toThrow(/not in the repository.*build-outside-sets/);
    expect(() => loadRiskSet("counselchat-heldout", "/nonexistent-rounds-risk")).toThrow(/no risk-set\.counselchat-heldout\.tsv in \/nonexistent-rounds-risk/);
  });

  it("the concept layer adds recall to patterns OR model on the untuned eighth split without adding false alarms", () => {
    const set = loadRiskSet("heldout8");
    const without = measureRiskScreen(set, { layers: "patterns" }), combined = measureRiskScreen(set);
    expect(combined.truePositives - without.truePositives).toBeGreaterThanOrEqual(15);
    expect(combined.falsePositives).toBeLessThanOrEqual(without.falsePositives);
  });

  it("the learned model adds recall to the patterns on a split the patterns were not written from", () => {
    const set = loadRiskSet("heldout7");
    const patterns = measureRiskScreen(set, { model: null, layers: "patterns" }), combined = measureRiskScreen(set, { layers: "patterns" });
    expect(combined.truePositives).toBeGreaterThan(patterns.truePositives);
    expect(combined.falsePositives - patterns.falsePositives).toBeLessThanOrEqual(1);
  });
});

describe("risk screen's learned model", () => {
  it("speaks only on a patient's sentence no pattern matched, never on a clinician's or a question to the patient, and says so in the cue", () => {
    const flagged = loadRiskSet("heldout6").filter((u) => u.label === "risk").map((u) => screenStatement(u.text, u.role)).filter((r) => r.findings.some((f) => f.cue.startsWith("model p=")));
    expect(flagged.length).toBeGreaterThan(0);
    for (const r of flagged) expect(r.findings.every((f) => f.verdict === "risk")).toBe(true);
    for (const u of loadRiskSet("heldout6").filter((x) => x.label === "risk")) {
      expect(screenStatement(u.text, "clinician").verdict, u.text).not.toBe("risk");
    }
    expect(screenStatement("Do you feel like a burden on your whole family?", "patient").verdict).toBe("none");
  });
});

describe("risk screen's concept layer (possible risk — review)", () => {
  // Sentences written for this test, in no labelled split.
  it("flags a risk concept in the speaker's own clause as a review-tier flag, citing the concept's words", () => {
    for (const [text, category] of [
      ["Some nights I lie awake thinking about my own funeral.", "suicidal_ideation"],
      ["I've tucked away a month of my venlafaxine behind the boiler.", "plan_or_means"],
      ["He grabbed me by the hair and dragged me down the stairs.", "abuse_safeguarding"],
      ["I think about death a lot.", "suicidal_ideation"],
    ] as const) {
      const r = screenStatement(text, "patient", { model: null, layers: "concepts" });
      expect(r.verdict, text).toBe("risk");
      expect(r.findings[0], text).toMatchObject({ category, verdict: "risk", tier: "review" });
    }
  });

  it("judges a concept's scope like a statement pattern's: third party, hypothetical, fear, idiom, clinician, negation", () => {
    for (const text of ["My cousin's been thinking about death a lot.", "If I ever thought about death that much I'd ring someone.", "I'm terrified of dying in a crash.",
      "I'm bored to death at work.", "I have a month of my sertraline left.", "I keep forgetting my tablets."]) {
      expect(screenStatement(text, "patient", { model: null }).verdict, text).toBe("none");
    }
    expect(screenStatement("You've been thinking about your own funeral.", "clinician").verdict).toBe("none");
    expect(screenStatement("I've never saved up any of my tablets.", "patient").verdict).toBe("denied");
  });

  it("a statement pattern's flag wins over a concept's review flag of the same category, and the tier reaches the note's flags", () => {
    const r = screenStatement("I want to kill myself and I think about death all the time.", "patient");
    const suicidal = r.findings.filter((f) => f.category === "suicidal_ideation");
    expect(suicidal).toHaveLength(1);
    expect(suicidal[0]).toMatchObject({ verdict: "risk", cue: "kill myself" });
    expect(suicidal[0]!.tier).toBeUndefined();
    const flags = screenTranscript([
      { index: 0, role: "clinician", speaker: "Therapist", startMs: 0, text: "How have the evenings been?" },
      { index: 1, role: "patient", speaker: "Client", startMs: 4000, text: "Some nights I lie awake thinking about my own funeral." },
    ]);
    expect(flags).toEqual([expect.objectContaining({ turn: 1, category: "suicidal_ideation", verdict: "risk", tier: "review", startMs: 4000 })]);
  });

  it("adds recall over patterns OR model on the development probes without a false alarm there (probes are tuned on: this is not a held-out figure)", () => {
    const set = loadRiskSet("probes");
    const without = measureRiskScreen(set, { layers: "patterns" }), withConcepts = measureRiskScreen(set);
    expect(withConcepts.truePositives).toBeGreaterThan(without.truePositives);
    expect(withConcepts.falsePositives).toBeLessThanOrEqual(without.falsePositives);
  });
});

describe("risk screen on written text and the outside-set classes (helper/risk10)", () => {
  // Sentences written for this test, in no labelled split.
  it("reads contractions typed without apostrophes, so their negation and their subject count", () => {
    expect(screenStatement("I dont want to kill myself.", "patient").verdict).toBe("denied");
    expect(screenStatement("Ive never cut myself.", "patient").verdict).toBe("denied");
    expect(screenStatement("Im going to end my life.", "patient").verdict).toBe("risk");
    expect(screenStatement("I tried to hurt my self last night.", "patient").verdict).toBe("risk");
  });

  it("flags the classes found on the outside tune half, judged by the same scope rules", () => {
    for (const text of ["I couldnt keep living like this, I told my sister.", "The only thing that keeps me going is my dog.", "I wish all of it would just stop, I want it all to go away.",
      "I get the urge to cut again when I'm alone.", "If I end my life my kids lose their mum.", "There's nothing worth living for anymore.",
      "My faith is not enough to stop me from killing myself.", "I grew up in an abusive home.", "My family would be relieved when I die.", "I've felt sucidal since spring."]) {
      expect(screenStatement(text, "patient").verdict, text).toBe("risk");
    }
    for (const text of ["If I ever killed myself it would be on my mind first.", "I want to cut down on the drinking.", "The only reason I'm here is my probation officer.",
      "My neighbour was in an abusive marriage.", "I want to jump in the pool with the kids.", "I'm hanging out with my cousin on Saturday.", "So many people drink at weekends."]) {
      expect(screenStatement(text, "patient", { model: null }).verdict, text).not.toBe("risk");
    }
  });
});

describe("risk screen on the second outside source's classes (helper/risk11)", () => {
  // Sentences written for this test, in no labelled split.
  it("flags abuse told in the passive or as survived, abuse named by an adjective or done to the body, and life judged pointless", () => {
    for (const text of ["I was brutally assaulted by my stepfather when I was twelve.", "I'm a survivor of childhood sexual abuse.", "My ex is emotionally abusive towards me.",
      "He slammed the car door on my hand.", "She takes my wages and gets really abusive.", "We lived through a domestic violence situation for years.", "Lately life feels pointless.",
      "The man who followed me home is my attacker in every nightmare."]) {
      expect(screenStatement(text, "patient", { model: null }).verdict, text).toBe("risk");
    }
  });

  it("keeps their scope: someone else's loss or abuse, idioms of love, distance and hurt feelings, a service named after the harm, shouting alone", () => {
    for (const text of ["I lost my cousin to suicide last spring.", "Both of my uncles overdosed.", "My sister was badly assaulted on her way home.", "In the end it worked out fine.",
      "He loves me to death.", "She pushes me away when I try to talk.", "It hurt me when she forgot my birthday.", "I volunteer at a domestic violence shelter.",
      "His life seems pointless to him.", "My boss shouts at me when the orders are late.", "They kicked me out of the club for being late."]) {
      expect(screenStatement(text, "patient", { model: null }).verdict, text).not.toBe("risk");
    }
  });

  it("reads OD'd / ODed as an overdose but not the word 'odd' (found on the held-out half after its second scoring)", () => {
    for (const text of ["I OD'd last year.", "I ODed on my meds in March.", "I od'ed twice."]) expect(screenStatement(text, "patient", { model: null }).verdict, text).toBe("risk");
    for (const text of ["I feel a bit odd today.", "It was an odd sort of week for me."]) expect(screenStatement(text, "patient", { model: null }).verdict, text).toBe("none");
  });

  it("the learned model speaks only where the speaker is in the sentence", () => {
    const text = "He keeps saying it would all be over soon.";
    expect(scoreRiskModel(text).p).toBeGreaterThanOrEqual(riskModelThreshold());
    expect(screenStatement(text, "patient").verdict).toBe("none");
  });
});

describe("risk screen grammar", () => {
  it("flags paraphrased passive ideation that has no keyword", () => {
    expect(screenStatement("Honestly my parents would be better off without me around.", "patient").verdict).toBe("risk");
    expect(screenStatement("Most mornings I'm disappointed that I woke up at all, I'd prefer to not wake up.", "patient").verdict).toBe("risk");
  });

  it("keeps a denial as a screened negative, not a flag and not silence", () => {
    const r = screenStatement("I'm not going to kill myself, I promise.", "patient");
    expect(r.verdict).toBe("denied");
    expect(r.findings[0]).toMatchObject({ category: "suicidal_ideation", verdict: "denied" });
    expect(screenStatement("Pt denies SI/HI today.", "clinician").verdict).toBe("denied");
  });

  it("does not flag a third party's history, a question to the patient, or a hypothetical antecedent", () => {
    expect(screenStatement("My aunt took an overdose years ago.", "patient").verdict).toBe("none");
    expect(screenStatement("Are you thinking about killing yourself right now?", "clinician").verdict).toBe("none");
    expect(screenStatement("If I ever wanted to hurt myself I would phone my sponsor.", "patient").verdict).toBe("none");
  });

  it("flags the consequent of a conditional threat", () => {
    expect(screenStatement("If he shows up at the school I'll stab him.", "patient")).toMatchObject({ verdict: "risk", findings: [{ category: "harm_to_others" }] });
  });

  it("does not flag idioms built from risk words", () => {
    for (const t of ["This commute is killing me.", "I'd kill for a holiday.", "I cut my fringe.", "I'm dying to tell you about the trip.", "My nephew beat me at darts."]) {
      expect(screenStatement(t, "patient").verdict, t).toBe("none");
    }
  });

  it("reads negation by its scope: inside the matched words, 'wouldn't care if' affirming, 'stopped' governing only what follows it", () => {
    expect(screenStatement("We have no firearms in the house.", "patient").verdict).toBe("denied");
    expect(screenStatement("I wouldn't care if I didn't wake up tomorrow.", "patient").verdict).toBe("risk");
    expect(screenStatement("I stopped eating to punish myself.", "patient").verdict).toBe("risk");
    expect(screenStatement("I've stopped cutting myself.", "patient").verdict).toBe("denied");
    expect(screenStatement("I want to just die.", "patient").verdict).toBe("risk");
  });

  it("tells a threat from the parental 'would kill me if they knew' idiom", () => {
    expect(screenStatement("My mum would kill me if she found out.", "patient").verdict).toBe("none");
    expect(screenStatement("He threatened to kill me if I leave.", "patient").verdict).toBe("risk");
  });

  it("a clinician turn never raises a flag but its recorded denial is kept", () => {
    expect(screenStatement("It sounds like you want to die.", "clinician").verdict).toBe("none");
    expect(screenStatement("She denies any thoughts of self-harm.", "clinician").verdict).toBe("denied");
  });
});
