/** The 18 HIPAA Safe Harbor identifier families (plus organisation-specific names). */
export type PhiType =
  | "NAME" | "LOCATION" | "ZIP" | "DATE" | "AGE" | "PHONE" | "FAX" | "EMAIL" | "SSN" | "MRN"
  | "HEALTH_PLAN" | "ACCOUNT" | "LICENSE" | "VEHICLE" | "DEVICE" | "URL" | "IP" | "BIOMETRIC"
  | "PHOTO" | "ID";

export interface PhiSpan {
  type: PhiType;
  start: number;
  end: number;
  /** Detector confidence, 0..1. */
  confidence: number;
}

export type DeidOperator = "placeholder" | "pseudonym" | "redact" | "keep";

/**
 * `recall`: remove every word that is neither known to be safe nor explained
 * (for text leaving the machine: cloud prompts, training export, files shared
 * out). `precision`: remove only what a rule recognises (for display to staff).
 */
export type DeidMode = "recall" | "precision";

export interface DeidOptions {
  operator?: DeidOperator;
  /** Per-type operator overrides. */
  operators?: Partial<Record<PhiType, DeidOperator>>;
  /** The organisation's own patient and staff names. */
  gazetteer?: string[];
  /** Recall-first or precision-first; the detector's own default when absent. */
  mode?: DeidMode;
  /** Seed for consistent pseudonyms within one document. */
  pseudonymSeed?: string;
}

export interface DeidResult {
  text: string;
  spans: PhiSpan[];
}

/**
 * Finds and removes protected health information.
 * Version history: v1 (initial).
 */
export interface Deidentifier {
  readonly specificationVersion: "v1";
  readonly id: string;
  detect(text: string, options?: Pick<DeidOptions, "gazetteer" | "mode">): Promise<PhiSpan[]>;
  deidentify(text: string, options?: DeidOptions): Promise<DeidResult>;
}
