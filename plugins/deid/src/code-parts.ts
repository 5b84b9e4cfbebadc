import type { PhiType } from "@rounds/core";
import type { WordToken } from "./word-tokens.ts";

/**
 * The rest of a record, card or device number whose digits went (recall mode): the letter groups glued to it by a dash
 * or slash ("ABC-XY-00123", "AB/0012345/C"), a check character in brackets straight after it ("Z123456(7)"), and one or
 * two capitals after its last digit group at a line's or sentence's end ("4411 2290 C", "1234 567 890 QR"). And codes of
 * three parts or more in capitals and digits that end in digits ("WS-ABC-07": workstations, asset tags), which no
 * clinical term is written like ("ICD-10-CM" ends in letters, "SARS-CoV-2" has lower case).
 */
const ID_FAMILY = new Set<PhiType>(["MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "SSN", "ID"]);
const CODE_PART = /^[A-Z0-9]{1,8}$/;

/** Returns the tokens it removed (parts of identifiers: not names, so the caller does not look for other mentions of them). */
export function codeParts(text: string, tokens: readonly WordToken[], typeAt: (k: number) => PhiType | undefined, removed: Map<number, PhiType>): Set<number> {
  const before = new Set(removed.keys());
  const idAt = (k: number) => {
    if (k < 0 || k >= tokens.length) return undefined;
    const type = typeAt(k);
    return type && ID_FAMILY.has(type) ? type : undefined;
  };
  const gap = (a: number, b: number) => text.slice(tokens[a]!.end, tokens[b]!.start);
  const free = (k: number) => typeAt(k) === undefined;
  // The gap between tokens a and a + 1 is the one character c (read in place: no string is cut for each token).
  const gapIs = (a: number, c: number) => tokens[a + 1]!.start - tokens[a]!.end === 1 && text.charCodeAt(tokens[a]!.end) === c;
  // Codes of three parts or more that end in digits.
  for (let a = 0; a < tokens.length; a++) {
    let b = a;
    while (b + 1 < tokens.length && gapIs(b, 45) && CODE_PART.test(tokens[b + 1]!.text)) b++;
    if (b - a >= 2 && CODE_PART.test(tokens[a]!.text) && /^\d{2,}$/.test(tokens[b]!.text) && (a === 0 || !/[-/\p{L}\p{N}]$/u.test(text.slice(0, tokens[a]!.start))) &&
      !/^[-/]?[\p{L}\p{N}]/u.test(text.slice(tokens[b]!.end)) && tokens.slice(a, b + 1).some((t) => /^[A-Z]{2,}$/.test(t.text))) {
      for (let k = a; k <= b; k++) if (free(k)) removed.set(k, "ID");
    }
    a = b;
  }
  // Parts glued to an identifier, until none is left (a chain of parts goes whole).
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < tokens.length; k++) {
      if (!free(k) || !CODE_PART.test(tokens[k]!.text)) continue;
      const type = (k > 0 && (gapIs(k - 1, 45) || gapIs(k - 1, 47)) && idAt(k - 1)) || (k + 1 < tokens.length && (gapIs(k, 45) || gapIs(k, 47)) && idAt(k + 1)) || undefined;
      if (type) {
        removed.set(k, type);
        changed = true;
      }
    }
  }
  for (let k = 1; k < tokens.length; k++) {
    if (!free(k)) continue;
    const type = idAt(k - 1);
    if (!type) continue;
    const w = tokens[k]!.text;
    const after = text.slice(tokens[k]!.end, tokens[k]!.end + 2);
    // A check character in brackets straight after the number.
    if (/^[0-9A-Z]$/.test(w) && gap(k - 1, k) === "(" && after.startsWith(")")) removed.set(k, type);
    // One or two capitals after the last digit group, at a line's or sentence's end.
    else if (/^[A-Z]{1,2}$/.test(w) && gap(k - 1, k) === " " && /\d$/.test(tokens[k - 1]!.text) && /^(?:$|\s*\n|[.,;)](?:\s|$))/.test(after)) removed.set(k, type);
  }
  const added = new Set<number>();
  for (const k of removed.keys()) if (!before.has(k)) added.add(k);
  return added;
}
