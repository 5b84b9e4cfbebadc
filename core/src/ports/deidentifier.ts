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
  /**
   * Placeholder numbers shared by several calls: pass one object (from
   * `placeholderNumbering()`) for every text of one document — a transcript's
   * turns, a document's sections, the passages of one prompt — so that one
   * identifier keeps one number in all of them and two identifiers never
   * share one (`[PHONE_1]` in turn 3 and `[PHONE_1]` in turn 6 are the same
   * number). Without it, numbering starts again at 1 in every call.
   */
  numbering?: PlaceholderNumbering;
}

/** The state of one numbering: which identifier (by type and normalised text) got which number, and the last number per type. */
export interface PlaceholderNumbering {
  readonly seen: Map<string, number>;
  readonly counts: Map<PhiType, number>;
}

/** A fresh numbering for the texts of one document. */
export const placeholderNumbering = (): PlaceholderNumbering => ({ seen: new Map(), counts: new Map() });

export interface DeidResult {
  text: string;
  spans: PhiSpan[];
}

/**
 * Finds and removes protected health information.
 * Version history: v1 (initial); v1 + the `numbering` option (optional for a
 * caller; every implementation honours it, which the conformance suite checks).
 */
export interface Deidentifier {
  readonly specificationVersion: "v1";
  readonly id: string;
  detect(text: string, options?: Pick<DeidOptions, "gazetteer" | "mode">): Promise<PhiSpan[]>;
  deidentify(text: string, options?: DeidOptions): Promise<DeidResult>;
}
