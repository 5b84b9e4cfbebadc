// Messages in configured channels over Discord's gateway, for real over the
// wire: discord.js `Client` asks the local REST server for the gateway URL
// (GET /gateway/bot), connects to a local WebSocket speaking the gateway
// protocol (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeat ACKs), receives
// MESSAGE_CREATE dispatches, and answers through REST on the local server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, type ConversationHandler, type InboundEvent } from "@rounds/core";
import { DiscordChannel } from "../src/index.ts";
import { APP_ID, FakeDiscord, PUBLIC_KEY_HEX } from "../src/testing/fake-discord.ts";
import { BOT_ID, FakeGateway, messageCreate } from "./fake-gateway.ts";

const logger = createLogger({ level: "silent" });
let fake: FakeDiscord;
let gateway: FakeGateway;
let channel: DiscordChannel | undefined;
const events: InboundEvent[] = [];

beforeEach(async () => {
  events.length = 0;
  fake = new FakeDiscord();
  await fake.start();
  gateway = new FakeGateway({ id: "G1", channels: [{ id: "C-ASK", name: "ask-rounds" }, { id: "C-CHAT", name: "chat" }] });
  fake.gatewayUrl = await gateway.start();
});
afterEach(async () => {
  await channel?.stop();
  channel = undefined;
  await gateway.close();
  await fake.close();
});

const start = async (handler: ConversationHandler) => {
  channel = new DiscordChannel({
    publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, logger,
    botToken: "discord-test-token", messageChannels: ["C-ASK"],
  });
  await channel.start(handler);
};

describe("Discord gateway messages", () => {
  it("connects with the bot token and answers a mention in a configured channel as a reply, through REST", async () => {
    await start({
      async handle(event, reply) {
        events.push(event);
        await reply.send({ blocks: [{ type: "text", text: "Observe for 60 minutes [1]." }, { type: "sources", items: [{ n: 1, title: "Monitoring", locator: "p. 4" }] }] });
      },
    });
    expect(gateway.identified).toEqual([{ token: "discord-test-token", intents: 1 | 512 | 32768 }]);
    expect(gateway.connections[0]).toMatch(/v=10/);
    expect(gateway.connections[0]).toMatch(/encoding=json/);

    const asked = messageCreate({ guild: "G1", channel: "C-ASK", user: "U-ADA", content: `<@${BOT_ID}> how long is observation?`, mentionBot: true });
    gateway.dispatch("MESSAGE_CREATE", asked);
    await fake.waitFor(() => fake.calls.some((c) => c.method === "POST" && c.path === "/api/v10/channels/C-ASK/messages"));
    expect(events).toEqual([{
      type: "message", eventId: asked.id, text: "how long is observation?", mentioned: true,
      identity: { channel: "discord", workspaceId: "G1", userId: "U-ADA", displayName: "Ada" }, conversation: { id: "C-ASK", kind: "public" },
    }]);
    const post = fake.calls.find((c) => c.path === "/api/v10/channels/C-ASK/messages")!;
    expect(post.body).toEqual({
      content: "Observe for 60 minutes [1].",
      embeds: [{ title: "Sources", color: 0x5865f2, fields: [{ name: "[1] Monitoring", value: "p. 4" }] }],
      components: [], allowed_mentions: { parse: [] },
      message_reference: { message_id: asked.id, fail_if_not_exists: false },
    });
  });

  it("ignores messages without a mention, in other channels, and from bots", async () => {
    await start({ async handle(event) { events.push(event); } });
    gateway.dispatch("MESSAGE_CREATE", messageCreate({ guild: "G1", channel: "C-ASK", user: "U-ADA", content: "lunch anyone?" }));
    gateway.dispatch("MESSAGE_CREATE", messageCreate({ guild: "G1", channel: "C-CHAT", user: "U-ADA", content: `<@${BOT_ID}> dose?`, mentionBot: true }));
    const bot = messageCreate({ guild: "G1", channel: "C-ASK", user: "U-BOT2", content: `<@${BOT_ID}> ping`, mentionBot: true });
    (bot.author as { bot?: boolean }).bot = true;
    gateway.dispatch("MESSAGE_CREATE", bot);
    const marker = messageCreate({ guild: "G1", channel: "C-ASK", user: "U-ADA", content: `<@${BOT_ID}> last`, mentionBot: true });
    gateway.dispatch("MESSAGE_CREATE", marker);
    await fake.waitFor(() => events.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.map((e) => e.eventId)).toEqual([marker.id]);
  });

  it("sends ephemeral replies to the asker's DMs, and moves a private draft to the channel when the answer is public", async () => {
    await start({
      async handle(_event, reply) {
        await reply.send({ blocks: [{ type: "text", text: "Only for you." }], visibility: "ephemeral" });
        const draft = await reply.send({ blocks: [{ type: "text", text: "drafting", tone: "muted" }], visibility: "ephemeral" });
        await reply.update(draft.messageId, { blocks: [{ type: "text", text: "The answer." }], visibility: "public" });
      },
    });
    gateway.dispatch("MESSAGE_CREATE", messageCreate({ guild: "G1", channel: "C-ASK", user: "U-ADA", content: `<@${BOT_ID}> q`, mentionBot: true }));
    await fake.waitFor(() => fake.calls.some((c) => c.method === "DELETE"));
    const calls = fake.calls.filter((c) => c.path !== "/api/v10/gateway/bot").map((c) => [c.method, c.path, (c.body as { content?: string; recipient_id?: string } | undefined)?.content ?? (c.body as { recipient_id?: string } | undefined)?.recipient_id]);
    expect(calls).toEqual([
      ["POST", "/api/v10/users/@me/channels", "U-ADA"],
      ["POST", "/api/v10/channels/DM-U-ADA/messages", "Only for you."],
      ["POST", "/api/v10/channels/DM-U-ADA/messages", "-# drafting"],
      ["POST", "/api/v10/channels/C-ASK/messages", "The answer."],
      ["DELETE", expect.stringMatching(/^\/api\/v10\/channels\/DM-U-ADA\/messages\/\d+$/), undefined],
    ]);
  });

  it("stops cleanly, closing the gateway connection; needs a bot token", async () => {
    await start({ async handle() {} });
    expect(gateway.open).toBe(1);
    await channel!.stop();
    channel = undefined;
    await fake.waitFor(() => gateway.open === 0);
    const noToken = new DiscordChannel({ publicKey: PUBLIC_KEY_HEX, applicationId: APP_ID, port: 0, host: "127.0.0.1", apiUrl: fake.apiUrl, logger, messageChannels: ["C-ASK"] });
    await expect(noToken.start({ async handle() {} })).rejects.toThrow(/needs plugins\.@rounds\/plugin-discord\.botToken/);
  });
});
