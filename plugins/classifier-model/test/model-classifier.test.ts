// The language-model classifier's own logic, with core's scripted model and
// test doubles for the fallback and de-identifier (the real ones, and a local
// server speaking OpenAI's wire format, are used in
// bot/test/relevance-model.service.test.ts).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { RoundsError } from "@rounds/core";
import { describeClassifierConformance, FakeClassifier, FakeDeidentifier, FakeLanguageModel } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import { activate, clip, ModelClassifier, relevanceMessage, VERDICT_SCHEMA } from "../src/index.ts";

const profile = {
  name: "ketamine-assisted therapy",
  description: "Clinical guidance on ketamine-assisted psychotherapy: dosing, monitoring, contraindications, consent and integration sessions.",
  seeds: ["Ketamine dosing for treatment-resistant depression starts at 0.5 mg/kg infused over 40 minutes with blood pressure monitoring."],
};
const onTopic = "Before each ketamine session, check blood pressure; contraindications include uncontrolled hypertension. Dosing follows the infusion protocol.";
const reply = (verdict: string, reason = "It is about ketamine infusion monitoring.", confidence = 0.9) => JSON.stringify({ verdict, confidence, reason });
const userText = (m: FakeLanguageModel, i = -1) => {
  const user = m.calls.at(i)!.prompt.find((p) => p.role === "user")!;
  return (user.content as Array<{ type: string; text: string }>).map((c) => c.text).join("");
};

// The model follows the prompt's domain: relevant when the document names ketamine.
describeClassifierConformance("language-model", () => new ModelClassifier({
  model: new FakeLanguageModel((o) => {
    const doc = JSON.stringify(o.prompt).split("Document to judge:")[1] ?? "";
    return /ketamine/i.test(doc) ? reply("relevant") : reply("irrelevant", "It is about parking permits.", 0.8);
  }),
  fallback: new FakeClassifier(), deidentifier: new FakeDeidentifier(),
}));

describe("language-model classifier", () => {
  it("asks with the JSON schema, de-identified text and the organisation's names, and stores the model's reason", async () => {
    const model = new FakeLanguageModel(reply("relevant"));
    const c = new ModelClassifier({ model, fallback: new FakeClassifier(), deidentifier: new FakeDeidentifier() });
    const r = await c.classify({ profile, title: "Monitoring", text: `${onTopic} Call Zorblat Quixano at 617-555-0142.`, names: ["Zorblat Quixano"] });
    expect(r).toEqual({ verdict: "relevant", score: 0.95, reason: "Language model (fake-model): It is about ketamine infusion monitoring." });
    const call = model.calls[0]!;
    expect(call.responseFormat).toEqual({ type: "json", schema: VERDICT_SCHEMA, name: "relevance_verdict" });
    expect(call.temperature).toBe(0);
    const sent = userText(model);
    expect(sent).toContain("uncontrolled hypertension");
    expect(sent).not.toContain("Quixano");
    expect(sent).not.toContain("617-555-0142");
    expect(sent).toContain("[NAME_1]"); // the fake numbers placeholders like the real de-identifier (DeidOptions.numbering)
  });

  it("maps an irrelevant verdict's confidence below one half", async () => {
    const c = new ModelClassifier({ model: new FakeLanguageModel(reply("irrelevant", "Parking.", 0.6)), fallback: new FakeClassifier(), deidentifier: new FakeDeidentifier() });
    expect(await c.classify({ profile, text: "Parking permits." })).toMatchObject({ verdict: "irrelevant", score: 0.2 });
  });

  it("bounds what is sent: the beginning of the document, cut at a word", async () => {
    const model = new FakeLanguageModel(reply("relevant"));
    const c = new ModelClassifier({ model, fallback: new FakeClassifier(), deidentifier: new FakeDeidentifier(), maxChars: 1000 });
    const long = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(" ");
    await c.classify({ profile, text: long });
    const doc = userText(model).split("Document to judge:\n")[1]!;
    expect(doc.length).toBeLessThanOrEqual(1002);
    expect(doc).toMatch(/^word0 word1 /);
    expect(doc).toMatch(/ word\d+ …$/);
    expect(clip("alpha beta gamma", 12)).toBe("alpha beta …");
    expect(relevanceMessage({ profile: { ...profile, seeds: ["a", "b", "c", "d", "e"] }, text: "x" }, 500).match(/Typical document/g)).toHaveLength(3);
  });

  it("the fallback decides, and says why, when the model is unsure, fails or answers something unusable", async () => {
    const fallback = new FakeClassifier();
    const expected = await fallback.classify({ profile, text: onTopic });
    const unsure = new ModelClassifier({ model: new FakeLanguageModel(reply("unsure", "Too short to tell.")), fallback, deidentifier: new FakeDeidentifier() });
    expect(await unsure.classify({ profile, text: onTopic })).toEqual({ ...expected, reason: `${expected.reason} (the language model was unsure (Too short to tell.); judged offline)` });

    const failing = new FakeLanguageModel(() => {
      throw new RoundsError("UPSTREAM_FAILED", "The OpenAI API failed on its side (HTTP 500); try again later.");
    });
    const failed = await new ModelClassifier({ model: failing, fallback, deidentifier: new FakeDeidentifier() }).classify({ profile, text: onTopic });
    expect(failed).toEqual({ ...expected, reason: `${expected.reason} (the language model failed (UPSTREAM_FAILED); judged offline)` });

    for (const [bad, why] of [["Sure! It is relevant.", "not JSON"], ['{"verdict":"maybe","reason":"x"}', "no verdict"], ['{"verdict":"relevant","reason":"  "}', "no reason"]] as const) {
      const r = await new ModelClassifier({ model: new FakeLanguageModel(bad), fallback, deidentifier: new FakeDeidentifier() }).classify({ profile, text: onTopic });
      expect(r.verdict).toBe(expected.verdict);
      expect(r.reason).toContain(`the language model's reply was unusable (its reply ${why === "not JSON" ? "was not JSON" : `had ${why}`})`);
    }
  });

  it("without a model the fallback decides alone, unchanged", async () => {
    const fallback = new FakeClassifier();
    const c = new ModelClassifier({ fallback, deidentifier: new FakeDeidentifier() });
    expect(await c.classify({ profile, text: onTopic })).toEqual(await fallback.classify({ profile, text: onTopic }));
  });

  it("a long reason is cut, an out-of-range confidence is clamped", async () => {
    const c = new ModelClassifier({ model: new FakeLanguageModel(JSON.stringify({ verdict: "relevant", confidence: 7, reason: "x".repeat(500) })), fallback: new FakeClassifier(), deidentifier: new FakeDeidentifier() });
    const r = await c.classify({ profile, text: onTopic });
    expect(r.score).toBe(1);
    expect(r.reason.length).toBeLessThan(300);
  });
});

describe("manifest", () => {
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8")) as { rounds: { egress?: boolean; contributes: { classifiers: Array<{ id: string }> } } };

  it("registers the one classifier it declares, and sends nothing off the machine itself", () => {
    const registered: string[] = [];
    activate({ settings: {}, register: (kind: string, id: string) => void registered.push(`${kind}/${id}`) } as never);
    expect(registered).toEqual(manifest.rounds.contributes.classifiers.map((c) => `classifiers/${c.id}`));
    expect(manifest.rounds.egress).toBeUndefined();
  });

  it("refuses to be its own fallback, and a host without the services it needs", async () => {
    const factories: Array<() => Promise<unknown>> = [];
    const register = (_k: string, _id: string, f: () => Promise<unknown>) => void factories.push(f);
    activate({ settings: { fallback: "language-model" }, services: {}, register } as never);
    await expect(factories[0]!()).rejects.toThrow(/its own fallback/);
    activate({ settings: { model: "openai" }, services: {}, register } as never);
    await expect(factories[1]!()).rejects.toThrow(/needs the host's/);
  });
});
