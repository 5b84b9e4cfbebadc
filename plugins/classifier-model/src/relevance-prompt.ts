import type { DomainProfile } from "@rounds/core";

/** What the model is asked for: a verdict, its confidence and a one-sentence reason. */
export const VERDICT_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["verdict", "confidence", "reason"],
  properties: {
    verdict: { type: "string", enum: ["relevant", "irrelevant", "unsure"], description: "Whether the document belongs in this knowledge base." },
    confidence: { type: "number", description: "How sure, from 0 (a guess) to 1 (certain)." },
    reason: { type: "string", description: "One short sentence naming the document's subject and why it is or is not in the domain. No names, no quotations." },
  },
} as const;

export const RELEVANCE_SYSTEM_PROMPT = [
  "You sort documents for a clinic's knowledge base, which holds only material about one clinical domain.",
  "Given the domain (its name, description and the beginnings of typical documents) and one document, decide:",
  '"relevant" when the document\'s subject is within the domain or directly useful to clinicians working in it;',
  '"irrelevant" when its subject is outside the domain (another clinical field, or not clinical at all);',
  '"unsure" when you cannot tell from what you were given.',
  "Identifiers were replaced by placeholders like [NAME_1]; ignore them.",
  "Reply with JSON only, matching the schema: verdict, confidence (0 to 1) and a one-sentence reason that quotes nothing from the document and names no person.",
].join(" ");

/** The beginning of `text`, at most `max` characters, cut at a word (a name cut in half would escape de-identification). */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut} …`;
}

/** The user message: the domain, then the document, both bounded. */
export function relevanceMessage(input: { profile: DomainProfile; title?: string; text: string }, maxChars: number): string {
  const { profile } = input;
  const seeds = profile.seeds.slice(0, 3).map((s, i) => `Typical document ${i + 1}: ${clip(s, 400)}`);
  const title = input.title?.trim() ? clip(input.title, 200) : "";
  const body = clip(input.text, Math.max(200, maxChars - title.length));
  return [
    `Domain: ${clip(profile.name, 200)}`,
    `Description: ${clip(profile.description, 1000)}`,
    ...seeds,
    "",
    "Document to judge:",
    ...(title ? [`Title: ${title}`] : []),
    body,
  ].join("\n");
}
