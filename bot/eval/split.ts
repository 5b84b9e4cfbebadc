import { createHash } from "node:crypto";

export interface PackQuestion {
  id: string;
  question: string;
  kind: "answerable" | "absent" | "offtopic";
  gold_file?: string;
  gold_section?: string;
  gold_sections?: string[];
}

export type Split = "tune" | "assert" | "all";

/**
 * Deterministic tuning/assertion split. Answerable questions are split by
 * their gold document, so no page is in both halves; absent and off-topic
 * questions by their id. Thresholds are tuned on `tune`; tests assert on `assert`.
 */
export function splitOf(q: PackQuestion): "tune" | "assert" {
  const key = q.kind === "answerable" && q.gold_file ? q.gold_file : q.id;
  return createHash("sha256").update(key).digest()[0]! % 2 === 0 ? "tune" : "assert";
}

export const inSplit = (q: PackQuestion, split: Split): boolean => split === "all" || splitOf(q) === split;
