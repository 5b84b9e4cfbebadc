import { describe, expect, it } from "vitest";
import { Activity } from "@microsoft/agents-activity";
import { defaultCommandWords, mapActivity, parseCommand, plainText, renderCard, stripMention } from "../src/index.ts";

/** An activity as the channel hands it to the mapping: parsed by the Agents SDK. */
const act = (o: object): Activity => Activity.fromObject(o);
const base = {
  type: "message", id: "1700000000999", channelId: "msteams", serviceUrl: "http://127.0.0.1:1/",
  from: { id: "29:u", name: "Dr Ada", aadObjectId: "aad-u" }, recipient: { id: "28:bot", name: "Rounds" },
  conversation: { id: "19:chan@thread.tacv2;messageid=1700000000999", conversationType: "channel", isGroup: true, tenantId: "t1" },
  channelData: { tenant: { id: "t1" }, channel: { id: "19:chan@thread.tacv2" } },
};
const options = { commandWords: defaultCommandWords };

describe("Teams activity mapping", () => {
  it("strips only the bot's mention and keeps other people's names", () => {
    const activity = act({
      ...base, text: "<at>Rounds</at> ask <at>Grace Hopper</at>&nbsp;about dosing",
      entities: [{ type: "mention", text: "<at>Rounds</at>", mentioned: { id: "28:bot", name: "Rounds" } }, { type: "mention", text: "<at>Grace Hopper</at>", mentioned: { id: "29:g", name: "Grace Hopper" } }],
    });
    expect(stripMention(activity)).toBe("ask Grace Hopper about dosing");
    expect(mapActivity(activity, options)).toMatchObject([{ type: "command", command: "ask", args: "Grace Hopper about dosing" }]);
  });

  it("gives each of several files its own stable event id", () => {
    const file = (name: string) => ({ contentType: "application/vnd.microsoft.teams.file.download.info", name, content: { downloadUrl: `http://127.0.0.1:1/${name}`, fileType: "pdf" } });
    const activity = act({ ...base, conversation: { id: "a:dm", conversationType: "personal", tenantId: "t1" }, attachments: [file("a.pdf"), { contentType: "text/html", content: "<p>hi</p>" }, file("b.pdf")] });
    const events = mapActivity(activity, options);
    expect(events.map((e) => [e.type, e.eventId, e.type === "file" && "name" in e.file && e.file.name, e.type === "file" && "name" in e.file && e.file.mediaType])).toEqual([
      ["file", "1700000000999#1", "a.pdf", "application/pdf"], ["file", "1700000000999#2", "b.pdf", "application/pdf"],
    ]);
  });

  it("ignores files posted in a channel without mentioning the bot, and unrelated invokes", () => {
    const file = { contentType: "application/vnd.microsoft.teams.file.download.info", name: "x.pdf", content: { downloadUrl: "http://127.0.0.1:1/x" } };
    expect(mapActivity(act({ ...base, attachments: [file] }), options)).toEqual([]);
    expect(mapActivity(act({ ...base, type: "invoke", name: "composeExtension/query", value: { actionId: "x" } }), options)).toEqual([]);
    expect(mapActivity(act({ ...base, id: undefined }), options)).toEqual([]);
  });

  it("maps files in a channel message that mentions the bot to one Graph file reference (quoted messages are not files)", () => {
    const html = '<div><div><span itemtype="http://schema.skype.com/Mention">Rounds</span>&nbsp;new protocol</div><attachment id="1699999999000"></attachment><attachment id="5E3E1F9A-0B1C-4D2E-8F3A-1B2C3D4E5F60"></attachment><attachment id=\'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5\'></attachment></div>';
    const fields = {
      ...base, id: "1700000001111", replyToId: "1700000000999", text: "<at>Rounds</at> new protocol",
      attachments: [{ contentType: "text/html", content: html }],
      channelData: { ...base.channelData, team: { id: "19:team@thread.tacv2", aadGroupId: "group-1" } },
      entities: [{ type: "mention", text: "<at>Rounds</at>", mentioned: { id: "28:bot", name: "Rounds" } }],
    };
    expect(mapActivity(act(fields), options)).toEqual([expect.objectContaining({
      type: "file", eventId: "1700000001111",
      file: {
        attachmentIds: ["5E3E1F9A-0B1C-4D2E-8F3A-1B2C3D4E5F60", "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"], references: [], text: "new protocol",
        location: { kind: "channel", groupId: "group-1", teamThreadId: "19:team@thread.tacv2", channelId: "19:chan@thread.tacv2", messageId: "1700000001111", rootId: "1700000000999" },
      },
    })]);
    // Without the mention the files are not for the bot; a group chat reads through /chats.
    expect(mapActivity(act({ ...fields, entities: [] }), options)).toMatchObject([{ type: "message", mentioned: false }]);
    const group = act({ ...fields, conversation: { id: "19:group@thread.v2", conversationType: "groupChat", isGroup: true, tenantId: "t1" } });
    expect(mapActivity(group, options)).toMatchObject([{ type: "file", file: { location: { kind: "chat", chatId: "19:group@thread.v2", messageId: "1700000001111" } } }]);
    // Only a quoted message: no files, a plain question.
    const quoted = act({ ...fields, attachments: [{ contentType: "text/html", content: '<attachment id="1699999999000"></attachment>' }] });
    expect(mapActivity(quoted, options)).toMatchObject([{ type: "message", text: "new protocol", mentioned: true }]);
  });

  it("maps group chats to private conversations with the tenant as workspace", () => {
    const activity = act({ ...base, text: "hi", conversation: { id: "19:group@thread.v2", conversationType: "groupChat", isGroup: true, tenantId: "t1" } });
    expect(mapActivity(activity, options)).toMatchObject([{ type: "message", mentioned: false, conversation: { id: "19:group@thread.v2", kind: "private" }, identity: { workspaceId: "t1", userId: "aad-u" } }]);
  });

  it("parses commands", () => {
    expect(parseCommand("/Docs approve 42", defaultCommandWords)).toEqual({ command: "docs", args: "approve 42" });
    expect(parseCommand("/whatever", defaultCommandWords)).toEqual({ command: "whatever", args: "" });
    expect(parseCommand("what is the dose", defaultCommandWords)).toBeUndefined();
    expect(parseCommand("/rounds docs list", defaultCommandWords)).toEqual({ command: "docs", args: "list" });
    expect(parseCommand("rounds model status", defaultCommandWords)).toEqual({ command: "model", args: "status" });
    expect(parseCommand("/rounds", defaultCommandWords)).toEqual({ command: "rounds", args: "" });
  });
});

describe("Teams rendering", () => {
  it("renders tones, progress without a fraction and skips empty blocks", () => {
    const card = renderCard({ blocks: [
      { type: "text", text: "Failed", tone: "error" }, { type: "text", text: "draft", tone: "muted" },
      { type: "progress", label: "Queued" }, { type: "sources", items: [] }, { type: "actions", buttons: [] },
    ], fallbackText: "Rounds: failed" });
    expect(card.body).toEqual([
      { type: "TextBlock", text: "Failed", wrap: true, color: "Attention", weight: "Bolder" },
      { type: "TextBlock", text: "draft", wrap: true, isSubtle: true },
      { type: "TextBlock", text: "⏳ Queued", wrap: true, isSubtle: true },
    ]);
    expect(card.fallbackText).toBe("Rounds: failed");
  });

  it("escapes Markdown in source titles and writes a plain-text list", () => {
    const blocks = [{ type: "sources" as const, items: [{ n: 1, title: "Dosing [draft] *v2*", url: "https://example.org/a" }] }];
    expect(renderCard({ blocks }).body[1]).toMatchObject({ text: "[1] [Dosing \\[draft\\] \\*v2\\*](https://example.org/a)" });
    expect(plainText([...blocks, { type: "actions", buttons: [{ actionId: "feedback.up", label: "Helpful", value: "a1" }] }]))
      .toBe("Sources:\n[1] Dosing [draft] *v2* <https://example.org/a>\n[Helpful]");
  });
});
