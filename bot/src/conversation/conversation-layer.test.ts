import { PluginHost, RoundsError, silentLogger, type Actor, type AppContext, type InboundEvent } from "@rounds/core";
import { FakeChannel } from "@rounds/core/testing";
import { describe, expect, it } from "vitest";
import { ConversationLayer } from "./conversation-layer.ts";
import type { ConversationServices } from "./conversation-services.ts";

const clinician: Actor = { userId: "u-clin", organizationId: "org-1", role: "clinician" };
const admin: Actor = { userId: "u-admin", organizationId: "org-1", role: "admin" };
const projectId = "00000000-0000-4000-8000-000000000001";

async function setup(overrides: Partial<ConversationServices> = {}) {
  const seen = new Set<string>();
  const ingested: string[] = [];
  const host = await PluginHost.create({
    plugins: [{
      name: "test-commands",
      manifest: {
        displayName: "test",
        contributes: {
          commands: [
            { id: "ask", title: "Ask", roles: ["clinician", "admin", "patient"] },
            { id: "docs", title: "Documents", roles: ["admin"] },
          ],
        },
      },
      module: {
        activate(ctx) {
          ctx.register("commands", "ask", { run: async (inv) => ({ blocks: [{ type: "text", text: `answer to: ${inv.args} (${inv.visibility})` }] }) });
          ctx.register("commands", "docs", { run: async (inv) => ({ blocks: [{ type: "text", text: `docs ${inv.args}` }] }) });
        },
      },
    }],
  });
  // runCommand checks the binding's project is the actor's organisation's.
  const store = { tenancy: { getProject: async (org: string, id: string) => (org === "org-1" && id === projectId ? { id, organizationId: org } : undefined) } };
  const app = { host, logger: silentLogger(), store } as unknown as AppContext;
  const services: ConversationServices = {
    resolveActor: async (id) => (id.userId === "clin" ? clinician : id.userId === "adm" ? admin : undefined),
    resolveBinding: async (_id, conv) => conv.id === "unbound" ? undefined : ({
      id: "b1", organizationId: "org-1", projectId, channel: "fake", workspaceId: "w", conversationId: conv.id,
      visibility: conv.kind === "public" ? "public" : "private", adminChannel: conv.id === "admins",
    }),
    firstDelivery: async (key) => (seen.has(key) ? false : (seen.add(key), true)),
    ingestFile: async (input) => {
      ingested.push(input.fileName);
      input.onProgress("Parsing", 0.5);
      return { documentId: "d1", status: "pending" };
    },
    maxUploadBytes: 1024,
    ...overrides,
  };
  const channel = new FakeChannel();
  await channel.start(new ConversationLayer(app, services));
  const texts = () => channel.sent.flatMap((s) => [s.message, ...s.updates]).flatMap((m) => m.blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])));
  return { channel, texts, ingested };
}

const base = (userId: string, conv = "dm1", kind: "dm" | "public" | "private" = "dm") => ({
  identity: { channel: "fake", workspaceId: "w", userId }, conversation: { id: conv, kind },
});

describe("ConversationLayer", () => {
  it("answers a DM question through the ask command, once per delivery id", async () => {
    const { channel, texts } = await setup();
    const ev: InboundEvent = { type: "message", eventId: "e1", text: "what is the dose?", mentioned: false, ...base("clin") };
    await channel.deliver(ev);
    await channel.deliver(ev);
    expect(texts()).toEqual(["answer to: what is the dose? (private)"]);
  });

  it("ignores un-mentioned chatter in public channels, answers mentions with the public policy", async () => {
    const { channel, texts } = await setup();
    await channel.deliver({ type: "message", eventId: "e1", text: "lunch?", mentioned: false, ...base("clin", "general", "public") });
    await channel.deliver({ type: "message", eventId: "e2", text: "monitoring interval?", mentioned: true, ...base("clin", "general", "public") });
    expect(texts()).toEqual(["answer to: monitoring interval? (public)"]);
  });

  it("tells an unknown user so, without running anything", async () => {
    const { channel, texts } = await setup();
    await channel.deliver({ type: "message", eventId: "e1", text: "dose?", mentioned: true, ...base("stranger") });
    expect(texts()[0]).toMatch(/don't know you yet/);
    expect(channel.sent[0]!.message.visibility).toBe("ephemeral");
  });

  it("refuses a command for the wrong role and names an unknown command", async () => {
    const { channel, texts } = await setup();
    await channel.deliver({ type: "command", eventId: "e1", command: "rounds", args: "docs list", ...base("clin") });
    await channel.deliver({ type: "command", eventId: "e2", command: "rounds", args: "frobnicate now", ...base("clin") });
    await channel.deliver({ type: "command", eventId: "e3", command: "rounds", args: "docs list", ...base("adm") });
    expect(texts()[0]).toMatch(/docs command is for admin users/);
    expect(texts()[1]).toMatch(/Unknown command "frobnicate".*Known commands: ask, docs/);
    expect(texts()[2]).toBe("docs list");
  });

  it("routes button presses to their command", async () => {
    const { channel, texts } = await setup();
    await channel.deliver({ type: "action", eventId: "e1", actionId: "docs.approve", value: "doc-9", ...base("adm") });
    expect(texts()).toEqual(["docs approve doc-9"]);
  });

  it("ingests files only from admins in admin channels, within the size limit", async () => {
    const { channel, texts, ingested } = await setup();
    const file = (name: string, size: number) => ({ name, size, fetch: async () => new Uint8Array(size) });
    await channel.deliver({ type: "file", eventId: "f1", file: file("a.pdf", 10), ...base("adm", "general", "public") });
    await channel.deliver({ type: "file", eventId: "f2", file: file("b.pdf", 10), ...base("clin", "admins", "private") });
    await channel.deliver({ type: "file", eventId: "f3", file: file("big.pdf", 4096), ...base("adm", "admins", "private") });
    await channel.deliver({ type: "file", eventId: "f4", file: file("c.pdf", 10), ...base("adm", "admins", "private") });
    const t = texts();
    expect(t[0]).toMatch(/only ingested from admin channels/);
    expect(t[1]).toMatch(/Only admins add documents/);
    expect(t[2]).toMatch(/larger than the 0 MB upload limit/);
    expect(t.at(-1)).toMatch(/c\.pdf was received.*pending/);
    expect(ingested).toEqual(["c.pdf"]);
  });

  it("turns a rate limit into a polite message and a crash into a reference, never silence", async () => {
    const limited = await setup({ resolveBinding: async () => { throw new RoundsError("RATE_LIMITED", "You've asked a lot this hour; try again in 10 minutes."); } });
    await limited.channel.deliver({ type: "message", eventId: "e1", text: "dose?", mentioned: false, ...base("clin") });
    expect(limited.texts()).toEqual(["You've asked a lot this hour; try again in 10 minutes."]);
    const broken = await setup({ resolveBinding: async () => { throw new Error("db down: patient Jane Roe"); } });
    await broken.channel.deliver({ type: "message", eventId: "e9", text: "dose?", mentioned: false, ...base("clin") });
    expect(broken.texts()[0]).toMatch(/Something went wrong on our side.*Reference: e9/);
    expect(broken.texts()[0]).not.toMatch(/Jane/);
  });

  it("says so when the conversation is not connected to a knowledge base", async () => {
    const { channel, texts } = await setup();
    await channel.deliver({ type: "message", eventId: "e1", text: "dose?", mentioned: false, ...base("clin", "unbound") });
    expect(texts()[0]).toMatch(/isn't connected/);
  });
});
