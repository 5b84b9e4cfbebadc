/** The domain a project's knowledge base is about. */
export interface DomainProfile {
  name: string;
  description: string;
  /** Short texts that are typical of the domain (seed documents' text). */
  seeds: string[];
  /** Score (0..1) at or above which a document is relevant, when the project sets one; else the classifier's own. */
  threshold?: number;
}

export interface Classification {
  verdict: "relevant" | "irrelevant";
  /** 0..1, higher is more relevant. */
  score: number;
  /** A short reason for admins; never quotes patient data. */
  reason: string;
}

export interface ClassifyInput {
  text: string;
  title?: string;
  profile: DomainProfile;
  /**
   * The organisation's own patient and staff names: a classifier that sends
   * text to a model de-identifies it with them first. Offline classifiers ignore it.
   */
  names?: string[];
}

/**
 * Decides whether a document belongs in a project's knowledge base.
 * Version history: v1 (initial; `names` added as an optional input).
 */
export interface Classifier {
  readonly specificationVersion: "v1";
  readonly id: string;
  classify(input: ClassifyInput): Promise<Classification>;
}
