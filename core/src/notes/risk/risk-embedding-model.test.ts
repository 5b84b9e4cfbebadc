// The embedding classifier's place in the screen, with a hand-made model file over a 3-dimension space so the
// mechanism is checked without any embedder plugin: when it speaks, when it stays silent, and that a screen without
// vectors is the screen as before. (The real classifier on the Universal Sentence Encoder's vectors, loaded with the
// egress guard, and its floors: plugins/embedder-use/test/risk-embedding.test.ts.)
import { describe, expect, it } from "vitest";
import type { Embedder } from "../../ports/embedder.ts";
import { committedRiskEmbeddingModel, embedForRiskScreen, scoreRiskEmbedding, withSurrogates, type RiskEmbeddingModelFile } from "./risk-embedding-model.ts";
import { reviewSentence } from "./risk-review.ts";
import { loadRiskSet, measureTwoTiers } from "./risk-set.ts";
import { screenStatement, type ScreenOptions } from "./screen-risk.ts";
import { screenTranscript } from "./screen-transcript.ts";

// Risk when the first component is high: p = sigmoid(10·x0 − 5).
const toy: RiskEmbeddingModelFile = { modelId: "toy", dimensions: 3, trainedOn: [], chosenOn: "test", l2: 0, bias: -5, weights: [10, 0, 0], reviewThreshold: 0.9, reviewChosenOn: "test" };
/** The review tier's reading of a patient's sentence with these options (after the flag tier's). */
const review = (text: string, options: ScreenOptions, role: "patient" | "clinician" = "patient") => reviewSentence(text, role, screenStatement(text, role, options), options);
const RISKY = [1, 0, 0], CALM = [0, 1, 0];

function toyEmbedder(modelId: string, calls: string[][]): Embedder {
  return {
    specificationVersion: "v1", modelId, dimensions: 3, maxBatchSize: 8,
    embedDocuments: async (texts) => { calls.push(texts); return texts.map((t) => (t.includes("lantern") ? RISKY : CALM)); },
    embedQuery: async (t) => (t.includes("lantern") ? RISKY : CALM),
  };
}

describe("the risk screen's sentence-embedding classifier", () => {
  it("scores a vector by its weights", () => {
    expect(scoreRiskEmbedding(RISKY, toy)).toBeCloseTo(1 / (1 + Math.exp(-5)), 6);
    expect(scoreRiskEmbedding(CALM, toy)).toBeLessThan(0.01);
  });

  it("raises a review flag (never a flag) on a patient's first-person sentence no rule read, when its vector clears the review bar", () => {
    const text = "I keep thinking about the lantern in the shed.";
    const embeddings = (t: string) => (t === text ? RISKY : undefined);
    expect(review(text, { embeddingModel: toy })).toBeUndefined();
    expect(screenStatement(text, "patient", { embeddings, embeddingModel: toy }).verdict).toBe("none");
    const r = review(text, { embeddings, embeddingModel: toy });
    expect(r?.cue).toMatch(/^embedding p=0\.99$/);
    expect(r?.screenedNegative).toBeUndefined();
    expect(review(text, { embeddings, embeddingModel: toy, embeddingReviewThreshold: 0.999 })).toBeUndefined();
    expect(review(text, { embeddings, embeddingModel: null })).toBeUndefined();
  });

  it("stays silent on the clinician's sentences, questions to the patient, sentences without the speaker, past-resolved ones and rule-read denials", () => {
    const embeddings = () => RISKY;
    const options = { embeddings, embeddingModel: toy };
    expect(review("I keep thinking about the lantern.", options, "clinician")).toBeUndefined();
    expect(review("Do you keep thinking about the lantern?", options)).toBeUndefined();
    expect(review("The lantern is in the shed.", options)).toBeUndefined();
    expect(review("I used to think about the lantern but I stopped years ago.", options)).toBeUndefined();
    // Negation stays with the rules: a denial they read is shown as a screened negative, whatever the vector says.
    expect(screenStatement("I have never wanted to kill myself.", "patient", options).verdict).toBe("denied");
    expect(review("I have never wanted to kill myself.", options)).toBeUndefined();
  });

  it("embeds only for the embedder its weights were trained on; another embedding space gets no vectors and no call", async () => {
    const calls: string[][] = [];
    expect(await embedForRiskScreen(toyEmbedder("other", calls), ["a"], { model: toy })).toBeUndefined();
    expect(calls).toEqual([]);
    const lookup = await embedForRiskScreen(toyEmbedder("toy", calls), ["the lantern", "tea", "the lantern"], { model: toy });
    expect(calls).toEqual([["the lantern", "tea"]]);
    expect(lookup!("the lantern")).toEqual(RISKY);
    expect(lookup!("never embedded")).toBeUndefined();
  });

  // helper/risk20: a bracketed placeholder moved the Universal Sentence Encoder's vector towards risk (README, known limits).
  it("embeds a de-identified sentence with ordinary words in place of its placeholders, and looks it up as written", async () => {
    expect(withSurrogates("[NAME_1] drove me to [LOCATION_2]; ring me on [PHONE_1] about [HEALTH_PLAN_3].")).toBe("Sam drove me to Leeds; ring me on 07700 900123 about 1234.");
    const calls: string[][] = [];
    const lookup = await embedForRiskScreen(toyEmbedder("toy", calls), ["I saw [NAME_1] at the [LOCATION_1] lantern."], { model: toy });
    expect(calls).toEqual([["I saw Sam at the Leeds lantern."]]);
    expect(lookup!("I saw [NAME_1] at the [LOCATION_1] lantern.")).toEqual(RISKY);
  });

  it("reads a transcript with the vectors it is given", () => {
    const turns = [{ index: 0, role: "patient" as const, speaker: "Client", text: "Work was fine. I keep thinking about the lantern." }];
    const embeddings = (t: string) => (t.includes("lantern") ? RISKY : CALM);
    expect(screenTranscript(turns, { embeddingModel: toy })).toEqual([]);
    expect(screenTranscript(turns, { embeddings, embeddingModel: toy })).toMatchObject([{ verdict: "review", turn: 0, quote: "I keep thinking about the lantern." }]);
  });

  it("the committed weights name their embedder, its dimensions, and a review bar chosen on AnnoMI's bar quarter within the budget", () => {
    for (const m of [committedRiskEmbeddingModel(), committedRiskEmbeddingModel("without-heldout11")]) {
      expect(m.weights).toHaveLength(m.dimensions);
      expect(m.reviewThreshold).toBeGreaterThan(0);
      expect(m.reviewThreshold).toBeLessThan(1);
      expect(m.chosenOn).toMatch(/leave-one-set-out/);
      expect(m.reviewChosenOn).toMatch(/at most 5% of the client turns of AnnoMI's bar quarter/);
    }
    expect(committedRiskEmbeddingModel().trainedOn).toContain("heldout11");
    expect(committedRiskEmbeddingModel("without-heldout11").trainedOn).not.toContain("heldout11");
  });

  it("without vectors (no embedder for it) the screen reads a set exactly as with the classifier switched off", () => {
    const set = loadRiskSet("heldout10");
    const a = measureTwoTiers(set), b = measureTwoTiers(set, { embeddingModel: null });
    expect([a.flag, a.union, a.denialsRecognised]).toEqual([b.flag, b.union, b.denialsRecognised]);
  });
});

describe("denials of a plan or an intent (written for this test)", () => {
  it("shows a denied plan or intent as a screened negative, with contractions and 'any'", () => {
    for (const text of ["I haven't made any plan.", "I haven't got any plans to end it.", "I don't have any intention of acting on it.", "I've no plan or intent.", "I have not made any plans for how."]) {
      const r = screenStatement(text, "patient");
      expect(r.verdict, text).toBe("denied");
    }
  });

  it("a plan or intent that is said, asked, or about ordinary plans is not a denial", () => {
    expect(screenStatement("Have you made any plans?", "clinician").verdict).toBe("none");
    expect(screenStatement("I have no plans for the weekend.", "patient").verdict).toBe("none");
    expect(screenStatement("I've made a plan to kill myself.", "patient").verdict).toBe("risk");
  });
});
