import { type DeidOptions, type DeidResult, type Deidentifier, type PhiSpan, placeholderNumbering } from "../../ports/index.ts";

/** Finds emails, US phone numbers and gazetteer names only. For tests of callers, not of de-identification. */
export class FakeDeidentifier implements Deidentifier {
  readonly specificationVersion = "v1" as const;
  readonly id = "fake";
  async detect(text: string, options: Pick<DeidOptions, "gazetteer"> = {}): Promise<PhiSpan[]> {
    const spans: PhiSpan[] = [];
    const add = (re: RegExp, type: PhiSpan["type"]) => {
      for (const m of text.matchAll(re)) spans.push({ type, start: m.index, end: m.index + m[0].length, confidence: 1 });
    };
    add(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "EMAIL");
    add(/\(?\d{3}\)?[ -.]\d{3}[-.]\d{4}/g, "PHONE");
    for (const name of options.gazetteer ?? []) add(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "g"), "NAME");
    return spans.sort((a, b) => a.start - b.start);
  }
  async deidentify(text: string, options: DeidOptions = {}): Promise<DeidResult> {
    const spans = await this.detect(text, options);
    const { seen, counts } = options.numbering ?? placeholderNumbering();
    let out = "";
    let at = 0;
    for (const s of spans) {
      if (s.start < at) continue;
      const key = `${s.type}:${text.slice(s.start, s.end).toLowerCase()}`;
      let n = seen.get(key);
      if (n === undefined) {
        n = (counts.get(s.type) ?? 0) + 1;
        seen.set(key, n);
        counts.set(s.type, n);
      }
      out += text.slice(at, s.start) + `[${s.type}_${n}]`;
      at = s.end;
    }
    return { text: out + text.slice(at), spans };
  }
}
