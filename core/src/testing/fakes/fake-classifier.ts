import type { Classification, Classifier, DomainProfile } from "../../ports/index.ts";

/** Relevant when the text shares at least `minShared` words with the profile. */
export class FakeClassifier implements Classifier {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake";
  constructor(private readonly minShared = 2) {}
  async classify({ text, profile }: { text: string; profile: DomainProfile }): Promise<Classification> {
    const vocab = new Set(`${profile.description} ${profile.seeds.join(" ")}`.toLowerCase().match(/[a-z]{4,}/g) ?? []);
    const shared = new Set((text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => vocab.has(w))).size;
    const score = Math.min(1, shared / (this.minShared * 2));
    return shared >= this.minShared
      ? { verdict: "relevant", score, reason: `shares ${shared} domain terms` }
      : { verdict: "irrelevant", score, reason: `shares only ${shared} domain terms` };
  }
}
