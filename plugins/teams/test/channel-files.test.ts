// Files dropped into Teams channels and group chats, read through Microsoft
// Graph with the bot's own credentials. Activities are signed by the fake Bot
// Connector and go through the Agents SDK's token validation; the bot's tokens
// come from a fake Microsoft Entra (HTTPS, client-credentials flow through
// MSAL), and the files from a fake Graph + SharePoint (fake-microsoft.ts).
import { afterEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createLogger, RoundsError, type ConversationHandler, type InboundEvent, type Logger } from "@rounds/core";
import { TeamsChannel, type TeamsChannelOptions } from "../src/index.ts";
import { cardTexts, startFakeConnector, type FakeConnector } from "../src/testing/fake-connector.ts";
import { connectorScope, graphScope, startFakeMicrosoft, type FakeMicrosoft } from "../src/testing/fake-microsoft.ts";
import { channelId, fileMessageActivity, nextId, post, teamGroupId, teamThreadId, teamsActivity, tenantId } from "../src/testing/helpers.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Setup {
  connector: FakeConnector;
  microsoft: FakeMicrosoft;
  channel: TeamsChannel;
  events: InboundEvent[];
  appId: string;
  /** POSTs an activity with a correctly signed connector token. */
  send: (activity: Record<string, unknown>) => Promise<void>;
}

async function setup(o: { granted?: string[]; options?: Partial<TeamsChannelOptions>; handler?: ConversationHandler; logger?: Logger } = {}): Promise<Setup> {
  // A fresh app registration (id and secret) per test.
  const appId = randomUUID();
  const connector = await startFakeConnector();
  const microsoft = await startFakeMicrosoft({ tenantId, clientId: appId, clientSecret: `secret-${randomUUID()}`, ...(o.granted ? { granted: o.granted } : {}) });
  const channel = new TeamsChannel({
    port: 0, appId, appPassword: microsoft.clientSecret, tenantId,
    tokenAuthority: connector.authority, tokenIssuer: connector.issuer,
    graphUrl: microsoft.graphUrl, authorityHost: microsoft.authorityHost, authorityAgentOptions: { ca: microsoft.ca },
    ...(o.logger ? { logger: o.logger } : {}),
    ...o.options,
  });
  const events: InboundEvent[] = [];
  await channel.start(o.handler ?? { async handle(event) { events.push(event); } });
  cleanups.push(async () => {
    await channel.stop();
    await connector.close();
    await microsoft.close();
  });
  const send = async (activity: Record<string, unknown>) => {
    const res = await post(channel.url, activity, { authorization: `Bearer ${connector.sign({ aud: appId, serviceurl: connector.serviceUrl })}` });
    expect(res.status).toBe(200);
    await channel.idle();
  };
  return { connector, microsoft, channel, events, appId, send };
}

function fileEvent(events: InboundEvent[], i = 0): Extract<InboundEvent, { type: "file" }> {
  const event = events[i];
  if (event?.type !== "file") throw new Error(`expected a file event, got ${JSON.stringify(event)}`);
  return event;
}

async function fetchError(event: Extract<InboundEvent, { type: "file" }>): Promise<RoundsError> {
  const error = await event.file.fetch().then(() => undefined, (e: unknown) => e);
  if (!RoundsError.isInstance(error)) throw new Error(`expected a RoundsError, got ${String(error)}`);
  return error;
}

const encode = (text: string) => new TextEncoder().encode(text);
const graphTokens = (m: FakeMicrosoft) => [...m.issued].filter(([, scope]) => scope === graphScope).map(([token]) => token);

describe("Teams channel files: Microsoft Graph", () => {
  it("turns a channel message with a .md file into a file event with Graph's name, size and bytes", async () => {
    const { microsoft, connector, events, appId, send } = await setup();
    const bytes = encode("# Ketamine protocol\n\nStart at 0.5 mg/kg over 40 minutes.\n");
    const file = microsoft.addFile("ketamine-protocol.md", bytes);
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });

    await send(activity);
    const event = fileEvent(events);
    expect(events).toHaveLength(1);
    expect(event).toMatchObject({
      eventId: activity.id, type: "file",
      identity: { channel: "teams", workspaceId: tenantId, userId: "aad-user-1" },
      conversation: { id: channelId, kind: "public", threadId: activity.id },
      file: { name: "ketamine-protocol.md", size: bytes.byteLength, mediaType: "text/markdown" },
    });
    expect(await event.file.fetch()).toEqual(bytes);

    // MSAL reads the tenant's OpenID configuration from the authority, then makes the client-credentials request.
    expect(microsoft.entraRequests[0]).toMatchObject({ method: "GET", path: `/${tenantId}/v2.0/.well-known/openid-configuration` });
    const graphTokenRequest = microsoft.tokenRequests.find((r) => r.form.scope === graphScope)!;
    expect(graphTokenRequest).toMatchObject({ tenant: tenantId, form: { grant_type: "client_credentials", client_id: appId, client_secret: microsoft.clientSecret } });
    // Graph: the message in its channel, then the file through the shares API; every call with the Graph token.
    const [token] = graphTokens(microsoft);
    expect(microsoft.graphRequests.map((r) => decodeURIComponent(r.path.split("?")[0]!))).toEqual([
      `/v1.0/teams/${teamGroupId}/channels/${channelId}/messages/${String(activity.id)}`,
      `/v1.0/shares/u!${Buffer.from(file.contentUrl).toString("base64url")}/driveItem`,
      `/v1.0/shares/u!${Buffer.from(file.contentUrl).toString("base64url")}/driveItem`,
    ]);
    expect(microsoft.graphRequests.every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
    // SharePoint served the pre-authenticated download URL, and saw no token.
    expect(microsoft.sharePointRequests).toHaveLength(1);
    expect(microsoft.sharePointRequests[0]!.path).toContain("/_layouts/15/download.aspx?");
    expect(microsoft.sharePointRequests[0]!.authorization).toBeUndefined();
  });

  it("reads a reply in a thread through the replies endpoint, asking the Bot Connector for the team's group id when the activity lacks it", async () => {
    const { microsoft, connector, events, send } = await setup();
    connector.teams.set(teamThreadId, teamGroupId);
    const pdf = encode("%PDF-1.4\n% fake but byte-exact\n");
    const file = microsoft.addFile("Monitoring Guide.pdf", pdf);
    const rootId = nextId();
    const activity = fileMessageActivity(connector, [file], { rootId, teamGroupId: null });
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), rootId, files: [file] });

    await send(activity);
    const event = fileEvent(events);
    expect(event).toMatchObject({ eventId: activity.id, conversation: { id: channelId, threadId: rootId }, file: { name: "Monitoring Guide.pdf", size: pdf.byteLength, mediaType: "application/pdf" } });
    expect(await event.file.fetch()).toEqual(pdf);
    expect(connector.requests.some((r) => r.method === "GET" && decodeURIComponent(r.path) === `/v3/teams/${teamThreadId}`)).toBe(true);
    expect(decodeURIComponent(microsoft.graphRequests[0]!.path)).toBe(`/v1.0/teams/${teamGroupId}/channels/${channelId}/messages/${rootId}/replies/${String(activity.id)}`);
  });

  it("gives several files in one message their own stable ids, in the message's order", async () => {
    const { microsoft, connector, events, send } = await setup();
    const a = microsoft.addFile("a.md", encode("alpha"));
    const b = microsoft.addFile("b.txt", encode("bravo!"));
    const activity = fileMessageActivity(connector, [a, b]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [a, b] });
    await send(activity);
    expect(events.map((e) => e.type === "file" && [e.eventId, e.file.name, e.file.size])).toEqual([
      [`${String(activity.id)}#1`, "a.md", 5], [`${String(activity.id)}#2`, "b.txt", 6],
    ]);
    expect(await fileEvent(events, 1).file.fetch()).toEqual(encode("bravo!"));
  });

  it("uses reference attachments the activity carries without reading the message (no message permission needed)", async () => {
    const { microsoft, connector, events, send } = await setup({ granted: ["Files.Read.All"] });
    const file = microsoft.addFile("consent-form.md", encode("consent"));
    const activity = fileMessageActivity(connector, [file], {
      attachments: [{ contentType: "reference", id: file.id, contentUrl: file.contentUrl, name: file.name }],
    });
    await send(activity);
    expect(fileEvent(events).file).toMatchObject({ name: "consent-form.md", size: 7 });
    expect(await fileEvent(events).file.fetch()).toEqual(encode("consent"));
    expect(microsoft.graphRequests.some((r) => r.path.startsWith("/v1.0/teams/"))).toBe(false);
  });

  it("reads files from a group chat through /chats/{chat-id}/messages/{id}", async () => {
    const { microsoft, connector, events, send } = await setup();
    const file = microsoft.addFile("handover.txt", encode("bed 4"));
    const chatId = "19:group-chat-1@thread.v2";
    const activity = fileMessageActivity(connector, [file], { kind: "private", conversationId: chatId });
    microsoft.addChatMessage({ chatId, messageId: String(activity.id), files: [file] });
    await send(activity);
    expect(fileEvent(events)).toMatchObject({ conversation: { id: chatId, kind: "private" }, file: { name: "handover.txt", size: 5 } });
    expect(await fileEvent(events).file.fetch()).toEqual(encode("bed 4"));
    expect(decodeURIComponent(microsoft.graphRequests[0]!.path)).toBe(`/v1.0/chats/${chatId}/messages/${String(activity.id)}`);
  });

  it("falls back to /driveItem/content when Graph gives no download URL, following its redirect without the token", async () => {
    const { microsoft, connector, events, send } = await setup();
    const file = microsoft.addFile("notes.md", encode("redirected bytes"), { omitDownloadUrl: true });
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await send(activity);
    expect(await fileEvent(events).file.fetch()).toEqual(encode("redirected bytes"));
    const content = microsoft.graphRequests.find((r) => r.path.endsWith("/driveItem/content"));
    expect(content?.authorization).toBe(`Bearer ${graphTokens(microsoft)[0]}`);
    expect(microsoft.sharePointRequests).toHaveLength(1);
    expect(microsoft.sharePointRequests[0]!.authorization).toBeUndefined();
  });
});

describe("Teams channel files: limits", () => {
  it("refuses a file Graph reports as larger than maxFileBytes, before downloading any of it", async () => {
    const { microsoft, connector, events, send } = await setup({ options: { maxFileBytes: 1000 } });
    const file = microsoft.addFile("big-scan.pdf", new Uint8Array(5000));
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await send(activity);
    const event = fileEvent(events);
    expect(event.file.size).toBe(5000);
    const error = await fetchError(event);
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toBe("The file is 4.9 KB, larger than the 1000 bytes limit for files from Teams (setting maxFileBytes), so Rounds did not download it.");
    expect(microsoft.sharePointRequests).toEqual([]);
  });

  it("aborts a download that streams past maxFileBytes when Graph under-reports the size", async () => {
    const { microsoft, connector, events, send } = await setup({ options: { maxFileBytes: 64 * 1024 } });
    const file = microsoft.addFile("huge.pdf", new Uint8Array(4 * 1024 * 1024), { reportedSize: 1000, chunked: true });
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await send(activity);
    const error = await fetchError(fileEvent(events));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toMatch(/larger than the 64 KB limit/);
    await expect.poll(() => microsoft.streams[0]?.aborted).toBe(true);
    expect(microsoft.streams[0]!.written).toBeLessThan(microsoft.streams[0]!.total);
  });
});

describe("Teams channel files: when Graph can't be used, the user is told why", () => {
  it("Graph 403 on the channel message: names ChannelMessage.Read.Group / ChannelMessage.Read.All, and nothing else is read", async () => {
    const { microsoft, connector, events, send } = await setup({ granted: ["Files.Read.All"] });
    const file = microsoft.addFile("protocol.md", encode("x"));
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await send(activity);
    const event = fileEvent(events);
    expect(event).toMatchObject({ eventId: activity.id, file: { name: "the attached file", size: 0 } });
    const error = await fetchError(event);
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Microsoft Graph refused to let Rounds read this channel message (HTTP 403). Ask your Teams admin to grant the bot ChannelMessage.Read.Group (resource-specific consent in the Teams app manifest) or the Microsoft Graph application permission ChannelMessage.Read.All.");
    expect(microsoft.graphRequests.map((r) => r.path.split("/")[2])).toEqual(["teams"]);
    expect(microsoft.sharePointRequests).toEqual([]);
  });

  it("Graph 403 on the file: names Files.Read.All", async () => {
    const { microsoft, connector, events, send } = await setup({ granted: ["ChannelMessage.Read.Group"] });
    const file = microsoft.addFile("protocol.md", encode("x"));
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await send(activity);
    const error = await fetchError(fileEvent(events));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/^Microsoft Graph refused to let Rounds read the file in SharePoint\/OneDrive \(HTTP 403\)\. Ask your Teams admin to grant the bot the Microsoft Graph application permission Files\.Read\.All/);
  });

  it("Graph 403 on a group chat message: names ChatMessage.Read.Chat / Chat.Read.All", async () => {
    const { microsoft, connector, events, send } = await setup({ granted: ["Files.Read.All"] });
    const file = microsoft.addFile("handover.txt", encode("x"));
    const chatId = "19:group-chat-1@thread.v2";
    const activity = fileMessageActivity(connector, [file], { kind: "private", conversationId: chatId });
    microsoft.addChatMessage({ chatId, messageId: String(activity.id), files: [file] });
    await send(activity);
    const error = await fetchError(fileEvent(events));
    expect(error.message).toMatch(/this group chat message \(HTTP 403\).*ChatMessage\.Read\.Chat.*Chat\.Read\.All/);
  });

  it("Entra refusing the client secret: names Entra's answer and the settings to check, and Graph is never called", async () => {
    const { microsoft, connector, events, send } = await setup();
    microsoft.tokenFailure = "invalid_client";
    const file = microsoft.addFile("protocol.md", encode("x"));
    const activity = fileMessageActivity(connector, [file]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await send(activity);
    const error = await fetchError(fileEvent(events));
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.message).toBe("Rounds could not sign in to Microsoft Graph as the bot (Microsoft Entra answered AADSTS7000215), so it can't read files posted in Teams. Ask your Teams admin to check the bot's app id, client secret and tenant (TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID).");
    expect(microsoft.tokenRequests.length).toBeGreaterThan(0);
    expect(microsoft.graphRequests).toEqual([]);
  });

  it("Entra unreachable: says so", async () => {
    const { connector, microsoft, events, send } = await setup({ options: { authorityHost: "https://127.0.0.1:9" } });
    const file = microsoft.addFile("protocol.md", encode("x"));
    await send(fileMessageActivity(connector, [file]));
    const error = await fetchError(fileEvent(events));
    expect(error.code).toBe("UNAUTHENTICATED");
    expect(error.message).toMatch(/^Rounds could not sign in to Microsoft Graph as the bot \(Microsoft Entra could not be reached\)/);
    expect(microsoft.graphRequests).toEqual([]);
  });

  it("Entra failing with a server error: says it is temporary", async () => {
    const { microsoft, connector, events, send } = await setup();
    microsoft.tokenFailure = "server_error";
    const file = microsoft.addFile("protocol.md", encode("x"));
    await send(fileMessageActivity(connector, [file]));
    const error = await fetchError(fileEvent(events));
    expect(error.message).toBe("Rounds could not sign in to Microsoft Graph as the bot (Microsoft Entra answered AADSTS90033, a temporary error), so it can't read files posted in Teams right now. Try again in a few minutes.");
    expect(microsoft.graphRequests).toEqual([]);
  });

  it("without app credentials: says what to configure and grant, without any network call", async () => {
    const connector = await startFakeConnector();
    const microsoft = await startFakeMicrosoft({ tenantId, clientId: "unused", clientSecret: "unused" });
    const channel = new TeamsChannel({ port: 0, graphUrl: microsoft.graphUrl, authorityHost: microsoft.authorityHost });
    const events: InboundEvent[] = [];
    await channel.start({ async handle(event) { events.push(event); } });
    cleanups.push(async () => { await channel.stop(); await connector.close(); await microsoft.close(); });
    const file = microsoft.addFile("protocol.md", encode("x"));
    await post(channel.url, fileMessageActivity(connector, [file]));
    await channel.idle();
    const error = await fetchError(fileEvent(events));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/^Rounds can't read files posted in Teams channels: the bot has no Microsoft app credentials\. Ask your Teams admin to configure TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID and to grant the bot ChannelMessage\.Read\.Group .*Files\.Read\.All/);
    expect([...microsoft.entraRequests, ...microsoft.graphRequests, ...microsoft.sharePointRequests]).toEqual([]);
  });

  it("with channelFiles off: says so, without any network call", async () => {
    const { microsoft, connector, events, send } = await setup({ options: { channelFiles: false } });
    const file = microsoft.addFile("protocol.md", encode("x"));
    await send(fileMessageActivity(connector, [file], {
      attachments: [{ contentType: "reference", id: file.id, contentUrl: file.contentUrl, name: file.name }],
    }));
    const event = fileEvent(events);
    expect(event.file.name).toBe("protocol.md");
    const error = await fetchError(event);
    expect(error.message).toBe("Reading files posted in Teams channels is turned off for this Rounds (setting channelFiles). Send the file to Rounds in a personal chat instead.");
    expect(microsoft.tokenRequests.filter((r) => r.form.scope === graphScope)).toEqual([]);
    expect(microsoft.graphRequests).toEqual([]);
  });

  it("attachments that turn out not to be files (a card) leave the text as a question", async () => {
    const { microsoft, connector, events, send } = await setup();
    const cardId = randomUUID().replace(/-/g, "");
    const activity = fileMessageActivity(connector, [{ id: cardId }], { text: "what does this card mean?" });
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [], html: `<div><attachment id="${cardId}"></attachment></div>` });
    await send(activity);
    expect(events).toMatchObject([{ type: "message", eventId: activity.id, text: "what does this card mean?", mentioned: true }]);
  });
});

describe("Teams channel files: tokens and logs", () => {
  it("sends the Graph token only to Graph and the Bot Connector token only to the connector", async () => {
    // A handler that downloads the file and answers in the thread, like the conversation layer.
    const s = await setup({
      handler: {
        async handle(event, reply) {
          if (event.type !== "file") return;
          const bytes = await event.file.fetch();
          await reply.send({ blocks: [{ type: "text", text: `${event.file.name}: ${bytes.byteLength} bytes` }] });
        },
      },
    });
    const file = s.microsoft.addFile("protocol.md", encode("twelve bytes"));
    const activity = fileMessageActivity(s.connector, [file]);
    s.microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [file] });
    await s.send(activity);

    expect(s.connector.posted.flatMap((p) => cardTexts(p.activity))).toContain("protocol.md: 12 bytes");
    const tokenFor = (scope: string) => [...s.microsoft.issued].filter(([, sc]) => sc === scope).map(([t]) => `Bearer ${t}`);
    const graphBearer = tokenFor(graphScope);
    const connectorBearer = tokenFor(connectorScope);
    expect(graphBearer).toHaveLength(1);
    expect(connectorBearer).toHaveLength(1);
    expect(new Set(s.microsoft.graphRequests.map((r) => r.authorization))).toEqual(new Set(graphBearer));
    const connectorCalls = s.connector.requests.filter((r) => r.path.startsWith("/v3/"));
    expect(connectorCalls.length).toBeGreaterThan(0);
    expect(new Set(connectorCalls.map((r) => r.authorization))).toEqual(new Set(connectorBearer));
    expect(s.microsoft.sharePointRequests.filter((r) => r.authorization !== undefined)).toEqual([]);
  });

  it("logs carry ids, never a token, the client secret or a file name", async () => {
    let logs = "";
    const destination = new Writable({ write(chunk, _enc, cb) { logs += String(chunk); cb(); } });
    const logger = createLogger({ level: "trace", destination });
    const fetched: unknown[] = [];
    const { microsoft, connector, send } = await setup({
      logger, granted: ["ChannelMessage.Read.Group"],
      handler: { async handle(event) { if (event.type === "file") fetched.push(await event.file.fetch().catch((e: unknown) => e)); } },
    });
    const ok = microsoft.addFile("Jane-Roe-discharge.md", encode("x"));
    const activity = fileMessageActivity(connector, [ok]);
    microsoft.addChannelMessage({ groupId: teamGroupId, channelId, messageId: String(activity.id), files: [ok] });
    await send(activity); // 403 on the file (no Files.Read.All)
    microsoft.tokenFailure = "invalid_client";
    const second = fileMessageActivity(connector, [ok]);
    await send(second);
    expect(fetched).toHaveLength(2);
    expect(logs).toContain(String(activity.id));
    expect(logs).toContain("teams graph request refused");
    for (const [token] of microsoft.issued) expect(logs).not.toContain(token.split(".")[1]);
    expect(logs).not.toContain(microsoft.clientSecret);
    expect(logs).not.toMatch(/Jane|discharge|sharepoint|Shared%20Documents|download\.aspx|tempauth/i);
  });
});

describe("Teams channel files: mapping", () => {
  it("ignores files in a channel message that does not mention the bot", async () => {
    const { microsoft, connector, events, send } = await setup();
    const file = microsoft.addFile("protocol.md", encode("x"));
    await send(fileMessageActivity(connector, [file], { mention: false }));
    expect(events).toMatchObject([{ type: "message", mentioned: false }]);
    expect(microsoft.entraRequests.filter((r) => r.path.includes("/token"))).toEqual([]);
  });

  it("keeps personal chat on the download link Teams gives there", async () => {
    const { microsoft, connector, events, send } = await setup();
    connector.files.set("dm.md", encode("direct"));
    await send(teamsActivity(connector, {
      attachments: [{ contentType: "application/vnd.microsoft.teams.file.download.info", name: "dm.md", content: { downloadUrl: `${connector.url}/files/dm.md`, fileType: "md" } }],
    }));
    expect(await fileEvent(events).file.fetch()).toEqual(encode("direct"));
    expect(microsoft.graphRequests).toEqual([]);
  });
});
