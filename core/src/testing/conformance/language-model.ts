import { describe, expect, it } from "vitest";
import type { LanguageModel, LanguageModelStreamPart } from "../../ports/index.ts";

/** Every language model runs this suite: generate, stream and abort, per the AI SDK V3 spec. */
export function describeLanguageModelConformance(name: string, create: () => Promise<LanguageModel> | LanguageModel, options: { prompt?: string } = {}): void {
  const prompt = options.prompt ?? "Once upon a time";
  const call = (extra: Record<string, unknown> = {}) => ({
    prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: prompt }] }],
    maxOutputTokens: 16,
    temperature: 0,
    ...extra,
  });
  describe(`LanguageModel conformance: ${name}`, () => {
    it("generates text content with a finish reason and usage", async () => {
      const m = await create();
      expect(m.specificationVersion).toBe("v3");
      const r = await m.doGenerate(call());
      const text = r.content.filter((c) => c.type === "text").map((c) => (c as { text: string }).text).join("");
      expect(text.length).toBeGreaterThan(0);
      expect(["stop", "length"]).toContain(r.finishReason.unified);
      expect(r.usage.outputTokens.total ?? 0).toBeGreaterThan(0);
    });

    it("streams text deltas that add up to a finished message", async () => {
      const m = await create();
      const { stream } = await m.doStream(call());
      const parts: LanguageModelStreamPart[] = [];
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
      }
      const text = parts.filter((p) => p.type === "text-delta").map((p) => (p as { delta: string }).delta).join("");
      expect(text.length).toBeGreaterThan(0);
      expect(parts.at(-1)?.type).toBe("finish");
    });

    it("rejects a call whose signal is already aborted", async () => {
      const m = await create();
      const ac = new AbortController();
      ac.abort();
      await expect(m.doGenerate(call({ abortSignal: ac.signal }))).rejects.toThrow();
    });
  });
}
