import { describe, expect, it } from "vitest";
import type { Embedder } from "../../ports/index.ts";

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b) || 1);

/** Every Embedder runs this suite. `related` must embed nearer than `unrelated`. */
export function describeEmbedderConformance(name: string, create: () => Promise<Embedder> | Embedder): void {
  describe(`Embedder conformance: ${name}`, () => {
    it("returns one finite vector of `dimensions` per text, in order, deterministically", async () => {
      const e = await create();
      expect(e.specificationVersion).toBe("v1");
      expect(e.modelId).toMatch(/\S/);
      const texts = ["ketamine dosing in adults", "blood pressure monitoring", ""];
      const a = await e.embedDocuments(texts);
      const b = await e.embedDocuments(texts);
      expect(a).toHaveLength(3);
      for (const v of a) {
        expect(v).toHaveLength(e.dimensions);
        expect(v.every(Number.isFinite)).toBe(true);
      }
      expect(a[0]).toEqual(b[0]);
      expect(await e.embedQuery("ketamine dosing")).toHaveLength(e.dimensions);
    });

    it("places a query nearer to a matching passage than to an unrelated one", async () => {
      const e = await create();
      const [match, other] = await e.embedDocuments([
        "Monitor blood pressure every fifteen minutes during the ketamine infusion.",
        "The cafeteria serves lunch from noon until two on weekdays.",
      ]);
      const q = await e.embedQuery("how often to monitor blood pressure during infusion");
      expect(cos(q, match!)).toBeGreaterThan(cos(q, other!));
    });
  });
}
