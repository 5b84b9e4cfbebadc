import type { Classification, Classifier, ClassifyInput, DomainProfile } from "@rounds/core";
import { terms } from "@rounds/core";

/**
 * Relevance without a model: how much of a document's vocabulary is the
 * domain's vocabulary. The profile (description + seed documents) gives a
 * term set; the score mixes the share of the document's distinct content
 * terms found in it with the share of the profile's terms the document
 * covers, so a long on-topic guideline and a short on-topic note both score
 * well and an off-topic memo does not. Reasons name counts, never text.
 */
export class ProfileSimilarityClassifier implements Classifier {
  readonly specificationVersion = "v1" as const;
  readonly id = "profile-similarity";
  private profileKey = "";
  private vocab = new Set<string>();

  constructor(private readonly threshold = 0.2) {}

  async classify({ text, title, profile }: ClassifyInput): Promise<Classification> {
    const vocab = this.vocabulary(profile);
    const docTerms = new Set(terms(`${title ?? ""} ${text.slice(0, 200_000)}`).filter((t) => t.length > 2 && !/^\d+$/.test(t)));
    if (docTerms.size === 0) return { verdict: "irrelevant", score: 0, reason: "no readable text" };
    let shared = 0;
    for (const t of docTerms) if (vocab.has(t)) shared++;
    const precision = shared / docTerms.size;
    const coverage = vocab.size ? shared / vocab.size : 0;
    // Saturating mix: precision dominates; coverage rewards long on-topic documents.
    const score = Math.min(1, 1.6 * precision + 0.8 * coverage + Math.min(0.2, shared / 50));
    const rounded = Math.round(score * 1000) / 1000;
    const reason = `${shared} of ${docTerms.size} distinct terms belong to the "${profile.name}" profile (${Math.round(precision * 100)}%), covering ${Math.round(coverage * 100)}% of its vocabulary`;
    return { verdict: score >= (profile.threshold ?? this.threshold) ? "relevant" : "irrelevant", score: rounded, reason };
  }

  private vocabulary(profile: DomainProfile): Set<string> {
    const key = `${profile.name}\u0000${profile.description}\u0000${profile.seeds.join("\u0000")}`;
    if (key !== this.profileKey) {
      this.profileKey = key;
      this.vocab = new Set(terms(`${profile.name} ${profile.description} ${profile.seeds.join(" ")}`).filter((t) => t.length > 2 && !/^\d+$/.test(t)));
    }
    return this.vocab;
  }
}
