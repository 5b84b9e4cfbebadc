/**
 * De-identifies the sections of one document — a transcript's turns, a
 * document's headed sections — with one placeholder numbering, speaker labels
 * included. A turn's speaker is as much an identifier as its words ("Radka
 * Novotná: …"), so each distinct label is de-identified once, where the
 * engine's speaker rules see it (at the start of a line, before its colon),
 * and the names found in labels are then known to every turn's text: the
 * label "Radka Novotná" and "Radka" in a later turn get the same placeholder.
 * Role labels ("Therapist", "Client") are ordinary words and stay.
 */
import type { DeidOptions, Deidentifier, PlaceholderNumbering } from "../ports/index.ts";

export interface DeidentifiableSection {
  text: string;
  speaker?: string;
}

export async function deidentifySections<S extends DeidentifiableSection>(
  deid: Deidentifier,
  sections: readonly S[],
  options: DeidOptions & { numbering: PlaceholderNumbering },
): Promise<S[]> {
  const labels = new Map<string, string>();
  const labelNames: string[] = [];
  for (const label of new Set(sections.map((s) => s.speaker).filter((s): s is string => !!s?.trim()))) {
    const line = `${label}:`;
    const result = await deid.deidentify(line, options);
    labels.set(label, result.text.endsWith(":") ? result.text.slice(0, -1).trimEnd() : result.text.trim());
    for (const span of result.spans) if (span.type === "NAME" && span.end <= label.length) labelNames.push(line.slice(span.start, span.end));
  }
  const textOptions = labelNames.length ? { ...options, gazetteer: [...options.gazetteer ?? [], ...labelNames] } : options;
  const out: S[] = [];
  for (const s of sections) {
    const text = (await deid.deidentify(s.text, textOptions)).text;
    out.push({ ...s, text, ...(s.speaker !== undefined && { speaker: labels.get(s.speaker) ?? s.speaker }) });
  }
  return out;
}
