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

export interface DeidOptions {
  operator?: DeidOperator;
  /** Per-type operator overrides. */
  operators?: Partial<Record<PhiType, DeidOperator>>;
  /** The organisation's own patient and staff names. */
  gazetteer?: string[];
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
  detect(text: string, options?: Pick<DeidOptions, "gazetteer">): Promise<PhiSpan[]>;
  deidentify(text: string, options?: DeidOptions): Promise<DeidResult>;
}
