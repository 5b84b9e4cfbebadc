// Pure translations: neutral blocks → Discord message JSON (with Discord's
// limits), interactions → neutral events, and the signature check.
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SourceItem } from "@rounds/core";
import { ActionValueStore, renderMessage, toInboundEvents } from "../src/index.ts";
import { publicKeyFromHex, verifyInteraction } from "../src/verify.ts";
import { interaction } from "../src/testing/fake-discord.ts";

const store = () => new ActionValueStore();
const noFetch = () => Promise.reject(new Error("no fetch"));

describe("rendering", () => {
  it("renders text, a Sources embed with numbered fields and rows of buttons", () => {
    const body = renderMessage({
      blocks: [
        { type: "text", text: "Pause above 180 mmHg [1]." },
        { type: "text", text: "Check the protocol.", tone: "warning" },
        { type: "sources", items: [
          { n: 2, title: "Session notes", locator: "Therapist 00:04:12" },
          { n: 1, title: "Ketamine *protocol*", locator: "p. 3", url: "https://kb.example/doc/1" },
          { n: 3, title: "Bad link", url: "javascript:alert(1)" },
        ] },
        { type: "actions", buttons: [
          { actionId: "doc.approve", label: "Approve", value: "doc-1", style: "primary" },
          { actionId: "doc.reject", label: "Reject", value: "doc-1", style: "danger" },
          { actionId: "consent.grant", label: "Grant", value: "recording" },
        ] },
      ],
    }, store());
    expect(body).toEqual({
      content: "Pause above 180 mmHg [1].\n\n⚠️ Check the protocol.",
      embeds: [{ title: "Sources", color: 0x5865f2, fields: [
        { name: "[1] Ketamine \\*protocol\\*", value: "p. 3 · [Open](https://kb.example/doc/1)" },
        { name: "[2] Session notes", value: "Therapist 00:04:12" },
        { name: "[3] Bad link", value: "\u200b" },
      ] }],
      components: [{ type: 1, components: [
        { type: 2, style: 1, label: "Approve", custom_id: "doc.approve:doc-1" },
        { type: 2, style: 4, label: "Reject", custom_id: "doc.reject:doc-1" },
        { type: 2, style: 2, label: "Grant", custom_id: "consent.grant:recording" },
      ] }],
      allowed_mentions: { parse: [] },
    });
  });

  it("marks ephemeral messages with flags 64 and muted text as subtext", () => {
    expect(renderMessage({ blocks: [{ type: "text", text: "a\nb", tone: "muted" }], visibility: "ephemeral" }, store()))
      .toMatchObject({ content: "-# a\n-# b", flags: 64 });
    expect(renderMessage({ blocks: [{ type: "text", text: "x" }], visibility: "public" }, store())).not.toHaveProperty("flags");
  });

  it("renders progress as a ten-cell bar with a percentage, or the label alone when the share is unknown", () => {
    expect(renderMessage({ blocks: [{ type: "progress", label: "Reading", fraction: 0.4 }] }, store()).content).toBe("⏳ Reading  ▰▰▰▰▱▱▱▱▱▱ 40%");
    expect(renderMessage({ blocks: [{ type: "progress", label: "Reading" }] }, store()).content).toBe("⏳ Reading");
  });

  it("moves text over 2,000 characters into an embed description, truncated at 4,096", () => {
    const mid = renderMessage({ blocks: [{ type: "text", text: "a".repeat(3000) }] }, store());
    expect(mid.content).toBe("");
    expect(mid.embeds[0]!.description).toHaveLength(3000);
    const long = renderMessage({ blocks: [{ type: "text", text: "b".repeat(10_000), tone: "error" }] }, store());
    expect(long.embeds[0]!.description).toHaveLength(4096);
    expect(long.embeds[0]!.description!.endsWith("…")).toBe(true);
    expect(long.embeds[0]!.color).toBe(0xed4245);
  });

  it("keeps at most 25 source fields, says how many were left out, and stays under 6,000 embed characters", () => {
    const items: SourceItem[] = Array.from({ length: 30 }, (_, i) => ({ n: i + 1, title: `Doc ${i + 1}`, locator: `p. ${i}` }));
    const fields = renderMessage({ blocks: [{ type: "sources", items }] }, store()).embeds[0]!.fields!;
    expect(fields).toHaveLength(25);
    expect(fields[24]).toEqual({ name: "… and 6 more", value: "[25], [26], [27], [28], [29], [30]" });
    const big: SourceItem[] = Array.from({ length: 25 }, (_, i) => ({ n: i + 1, title: "t".repeat(300), locator: "l".repeat(2000) }));
    const body = renderMessage({ blocks: [{ type: "sources", items: big }] }, store());
    const e = body.embeds[0]!;
    expect(e.fields!.every((f) => f.name.length <= 256 && f.value.length <= 1024)).toBe(true);
    expect((e.title?.length ?? 0) + e.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0)).toBeLessThanOrEqual(6000);
  });

  it("puts at most five buttons in a row and five rows, drops duplicates, and keeps custom_id within 100 characters", () => {
    const s = store();
    const buttons = Array.from({ length: 30 }, (_, i) => ({ actionId: "doc.approve", label: `Approve ${i}`, value: `d${i}` }));
    const body = renderMessage({ blocks: [{ type: "actions", buttons: [...buttons.slice(0, 2), buttons[0]!, ...buttons.slice(2)] }] }, s);
    expect(body.components.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(body.components[0]!.components.map((b) => b.custom_id)).toEqual(["doc.approve:d0", "doc.approve:d1", "doc.approve:d2", "doc.approve:d3", "doc.approve:d4"]);
    const longValue = "v".repeat(200);
    const [row] = renderMessage({ blocks: [{ type: "actions", buttons: [{ actionId: "feedback.up", label: "x".repeat(120), value: longValue }] }] }, s).components;
    const button = row!.components[0]!;
    expect(button.custom_id.length).toBeLessThanOrEqual(100);
    expect(button.label!.length).toBeLessThanOrEqual(80);
    expect(s.decode(button.custom_id)).toEqual({ actionId: "feedback.up", value: longValue });
    expect(s.decode("feedback.up:a:b")).toEqual({ actionId: "feedback.up", value: "a:b" });
    expect(s.decode("~forgotten")).toBeUndefined();
  });

  it("never sends an empty message", () => {
    expect(renderMessage({ blocks: [], fallbackText: "fallback" }, store()).content).toBe("fallback");
    expect(renderMessage({ blocks: [] }, store()).content).toBe("\u200b");
  });
});

describe("interactions → events", () => {
  const deps = { fetchFile: noFetch, actions: store() };

  it("maps /rounds, /ask and other commands; a bare /rounds is help", () => {
    const base = { identity: { channel: "discord", workspaceId: "G1", userId: "U1", displayName: "user" }, conversation: { id: "C1", kind: "public" } };
    const rounds = interaction("command", { name: "rounds", options: [{ name: "command", type: 3, value: " docs " }, { name: "args", type: 3, value: "approve d1 " }] }, { id: "1" });
    expect(toInboundEvents(rounds, deps)).toEqual([{ ...base, type: "command", eventId: "1", command: "docs", args: "approve d1" }]);
    const bare = interaction("command", { name: "rounds" }, { id: "2" });
    expect(toInboundEvents(bare, deps)).toEqual([{ ...base, type: "command", eventId: "2", command: "help", args: "" }]);
    const ask = interaction("command", { name: "ask", options: [{ name: "question", type: 3, value: "dose?" }] }, { id: "3" });
    expect(toInboundEvents(ask, deps)).toEqual([{ ...base, type: "command", eventId: "3", command: "ask", args: "dose?" }]);
  });

  it("maps a button to an action event and a thread to its parent channel", () => {
    const press = { ...interaction("button", { custom_id: "feedback.down:ans-1" }, { id: "4" }), channel: { id: "T1", type: 11, parent_id: "C1" } };
    expect(toInboundEvents(press, deps)).toEqual([{
      type: "action", eventId: "4", actionId: "feedback.down", value: "ans-1",
      identity: { channel: "discord", workspaceId: "G1", userId: "U1", displayName: "user" }, conversation: { id: "C1", kind: "public", threadId: "T1" },
    }]);
  });

  it("maps the message commands: Ask Rounds → a mention, Add to Rounds → one file event per attachment", () => {
    const attachments = [
      { id: "A1", filename: "a.pdf", size: 10, url: "https://cdn.discordapp.com/a.pdf", content_type: "application/pdf" },
      { id: "A2", filename: "b.txt", size: 3, url: "https://cdn.discordapp.com/b.txt" },
    ];
    const askIt = interaction("message-command", { name: "Ask Rounds", target_id: "M", resolved: { messages: { M: { id: "M", content: " what dose? ", attachments } } } }, { id: "5", guild: null, channel: "D1" });
    expect(toInboundEvents(askIt, deps)).toMatchObject([{ type: "message", eventId: "5", text: "what dose?", mentioned: true, conversation: { id: "D1", kind: "dm" }, identity: { workspaceId: "@me" } }]);
    const addIt = interaction("message-command", { name: "Add to Rounds", target_id: "M", resolved: { messages: { M: { id: "M", content: "see files", attachments } } } }, { id: "6" });
    expect(toInboundEvents(addIt, deps)).toMatchObject([
      { type: "file", eventId: "6:A1", file: { name: "a.pdf", size: 10, mediaType: "application/pdf" } },
      { type: "file", eventId: "6:A2", file: { name: "b.txt", size: 3 } },
    ]);
  });

  it("ignores interactions it does not handle", () => {
    expect(toInboundEvents({ id: "7", application_id: "1", type: 5, token: "t", data: { custom_id: "modal" } }, deps)).toEqual([]);
    expect(toInboundEvents({ id: "8", application_id: "1", type: 2, token: "t", data: { type: 2, name: "User command" } }, deps)).toEqual([]);
  });
});

describe("signature check", () => {
  const keys = generateKeyPairSync("ed25519");
  const hex = Buffer.from((keys.publicKey.export({ format: "jwk" }) as { x: string }).x, "base64url").toString("hex");
  const key = publicKeyFromHex(hex);
  const body = Buffer.from('{"type":1}');
  const now = 1_700_000_000_000;
  const sig = (ts: string, b: Buffer = body) => sign(null, Buffer.concat([Buffer.from(ts), b]), keys.privateKey).toString("hex");

  it("accepts a fresh valid signature and rejects stale, forged, malformed and missing ones", () => {
    const ts = String(now / 1000);
    const opts = { maxSkewSeconds: 300, nowMs: now };
    expect(verifyInteraction(key, { signature: sig(ts), timestamp: ts }, body, opts)).toEqual({ ok: true });
    const old = String(now / 1000 - 301);
    expect(verifyInteraction(key, { signature: sig(old), timestamp: old }, body, opts)).toEqual({ ok: false, reason: "expired" });
    expect(verifyInteraction(key, { signature: sig(ts, Buffer.from("{}")), timestamp: ts }, body, opts)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyInteraction(key, { signature: "zz", timestamp: ts }, body, opts)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyInteraction(key, { signature: undefined, timestamp: ts }, body, opts)).toEqual({ ok: false, reason: "missing" });
  });

  it("refuses a public key that is not 64 hex characters", () => {
    expect(() => publicKeyFromHex("abc")).toThrow(/publicKey/);
  });
});
