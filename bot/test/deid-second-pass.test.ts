import { resolve } from "node:path";
import { PluginHost } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The OpenAI plugin's own test server: a local HTTP server speaking the Chat Completions wire format (the cloud cannot be reached here).
import { type FakeOpenAI, startFakeOpenAI } from "@rounds/plugin-openai/testing";
import { ModelSecondPass, SafeHarborDeidentifier, SECOND_PASS_PROMPT } from "@rounds/plugin-deid";

/**
 * The optional language-model second pass, through the real plugin host: the
 * de-identifier plugin with `secondPassModel: "openai"` and the OpenAI plugin
 * pointed at a local server that records every request.
 */
// A composition test (two plugins through the host), so it lives in bot, which depends on both.
const pluginDir = resolve(import.meta.dirname, "../../plugins/deid");
const openaiDir = resolve(import.meta.dirname, "../../plugins/openai");
let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => server.close());

async function withHost<T>(settings: Record<string, unknown>, fn: (host: PluginHost) => Promise<T>): Promise<T> {
  const host: PluginHost = await PluginHost.create({
    plugins: [pluginDir, openaiDir],
    settings: { "@rounds/plugin-deid": settings, "@rounds/plugin-openai": { baseURL: `${server.url}/v1`, chatModel: "gpt-test", maxRetries: 0 } },
    services: { languageModel: (id: string) => host.get("languageModels", id) },
  });
  try {
    return await fn(host);
  } finally {
    await host.dispose();
  }
}

const chats = () => server.requests.filter((r) => r.path.endsWith("/chat/completions"));
const userText = (r: { json?: Record<string, unknown> }) => {
  const messages = r.json!.messages as Array<{ role: string; content: string | Array<{ text: string }> }>;
  const user = messages.find((m) => m.role === "user")!;
  return typeof user.content === "string" ? user.content : user.content.map((c) => c.text).join("");
};

describe("model second pass", () => {
  it("is off by default: no request, the rules alone", async () => {
    const before = chats().length;
    await withHost({}, async (host) => {
      const d = await host.get("deidentifiers", "safe-harbor");
      expect(d).toBeInstanceOf(SafeHarborDeidentifier);
      await d.deidentify("Met Tobias Wren at 14 Kettle Lane.");
    });
    expect(chats().length).toBe(before);
  });

  it("sends only the first pass's output and applies identifiers found verbatim, ignoring invented ones and placeholders", async () => {
    const note = "Seen with Tobias Wren; the sharpener told us Dunmore is where he boards, ring 617-555-0142.";
    // A reply naming a word the rules kept ("sharpener": stands for a miss), one not in the text, and a placeholder.
    server.replies = [JSON.stringify({ identifiers: [{ text: "sharpener", type: "NAME" }, { text: "Ezekiel Pomfrey", type: "NAME" }, { text: "[NAME_1]", type: "NAME" }, { text: "Kettle", type: "BOGUS" }] })];
    const before = chats().length;
    await withHost({ secondPassModel: "openai" }, async (host) => {
      const d = await host.get("deidentifiers", "safe-harbor");
      expect(d).toBeInstanceOf(ModelSecondPass);
      const out = await d.deidentify(note);
      const sent = chats().slice(before);
      expect(sent).toHaveLength(1);
      const messages = sent[0]!.json!.messages as Array<{ role: string; content: unknown }>;
      expect(messages[0]).toEqual({ role: "system", content: SECOND_PASS_PROMPT });
      // The model saw the recall-mode output: no name, place or number the rules remove.
      const seen = userText(sent[0]!);
      for (const leak of ["Tobias", "Wren", "Dunmore", "617", "0142"]) expect(seen).not.toContain(leak);
      expect(seen).toContain("the sharpener told us");
      expect(seen).toMatch(/\[NAME_1\]/);
      // Applied: the verbatim word; ignored: the invented name, the placeholder.
      expect(out.text).not.toContain("sharpener");
      expect(out.text).toMatch(/the \[NAME_\d\] told us/);
      expect(out.text.startsWith("Seen with [NAME_1];")).toBe(true);
      expect(out.spans.filter((s) => note.slice(s.start, s.end) === "sharpener")).toHaveLength(1);
    });
  });

  it("in precision mode the model still sees recall-mode output, and its finds are added to the precision spans", async () => {
    const note = "Patient Tobias Wren boards with a sharpener in Dunmore.";
    server.replies = [JSON.stringify({ identifiers: [{ text: "sharpener", type: "NAME" }] })];
    const before = chats().length;
    await withHost({ secondPassModel: "openai" }, async (host) => {
      const d = await host.get("deidentifiers", "safe-harbor");
      const out = await d.deidentify(note, { mode: "precision" });
      expect(userText(chats().slice(before)[0]!)).not.toMatch(/Tobias|Wren|Dunmore/);
      expect(out.text).not.toContain("sharpener");
    });
  });

  it("a failed call or a reply that is not the JSON asked for is an error naming no text, never a silent first pass", async () => {
    await withHost({ secondPassModel: "openai" }, async (host) => {
      const d = await host.get("deidentifiers", "safe-harbor");
      server.failNext(500, 1);
      const failed = await d.deidentify("Met Tobias Wren today.").catch((e: unknown) => e);
      expect(failed).toMatchObject({ code: "MODEL_UNAVAILABLE" });
      expect(String((failed as Error).message)).not.toMatch(/Tobias|Wren/);
      server.replies = ["Sure! The remaining names are Tobias."];
      await expect(d.deidentify("Met Tobias Wren today.")).rejects.toMatchObject({ code: "MODEL_UNAVAILABLE" });
    });
  });

  it("a configured second pass on a host that lends no models is a clear configuration error", async () => {
    const host = await PluginHost.create({ plugins: [pluginDir], settings: { "@rounds/plugin-deid": { secondPassModel: "openai" } } });
    try {
      await expect(host.get("deidentifiers", "safe-harbor")).rejects.toThrow(/secondPassModel/);
    } finally {
      await host.dispose();
    }
  });
});
