import { describe, expect, it } from "vitest";
import type { DataCatalog } from "../ports/index.ts";
import { sqlPrompt } from "./sql-prompt.ts";

const catalog: DataCatalog = {
  sourceId: "s", title: "Practice", k: 10, metrics: [],
  tables: [{ name: "rounds_treatments", description: "Treatments", patientLinked: true, columns: [{ name: "observed_minutes", type: "integer", unit: "minutes" }, { name: "patient_key", type: "text" }] }],
  relations: [],
};
const userText = (prompt: ReturnType<typeof sqlPrompt>) => JSON.stringify(prompt.find((m) => m.role === "user"));

describe("the free-form SQL prompt", () => {
  it("gives the model the schema and the question, and for a hybrid question the cited protocol passage", () => {
    const plain = sqlPrompt(catalog, "How many infusions were observed too briefly?");
    expect(JSON.stringify(plain[0])).toContain("observed_minutes integer [minutes]");
    expect(userText(plain)).toContain("observed too briefly");
    expect(userText(plain)).not.toContain("protocol says");
    const hybrid = sqlPrompt(catalog, "How many infusions were observed too briefly?", "> The patient must be observed for at least 2 hours. [1]");
    expect(userText(hybrid)).toContain("The practice's own protocol says");
    expect(userText(hybrid)).toContain("observed for at least 2 hours");
  });
});
