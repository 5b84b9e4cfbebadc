// Issue #21: the MCP server accepts OAuth 2.1 access tokens (the MCP
// authorisation spec) when single sign-on is configured, on both tiers,
// through `startServer` on a loopback socket and a real OpenID Connect
// provider (oidc-provider) on another that issues RFC 9068 JWT access tokens
// for a resource indicator (the authorisation code flow with PKCE as an MCP
// client runs it, the subject being the person's; and the client credentials
// grant, the subject being the client id; each linked to a Rounds user with
// `users sign-on`). Rounds
// publishes its protected resource metadata (RFC 9728) and names it in the
// 401's WWW-Authenticate header; a valid token runs the tools as the linked
// user (role enforced, reads audited with channel mcp); a token for another
// audience, an expired one, a forged one, an unlinked subject and a removed
// user are refused; API keys keep working.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createApiKey, ingestFile, reviewDocument } from "@rounds/core";
import { startLocalOidcProvider, type LocalOidcProvider } from "@rounds/plugin-oidc/testing";
import { SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";
import { localOperator } from "../src/cli/local-operator.ts";
import { waitForJobs } from "../src/cli/wait-for-jobs.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { startServer, type RunningServer } from "../src/server/start-server.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

const text = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const secret = "mcp-client-secret";
/** Machine clients at the provider; each one's access tokens carry its client id as the subject. */
const clients = ["mcp-clinician", "mcp-auditor", "mcp-removed", "mcp-stranger"] as const;

describe.each(appTargets())("MCP with OAuth access tokens from the sign-on issuer ($name)", (target) => {
  let idp: LocalOidcProvider;
  let app: RoundsApp;
  let server: RunningServer;
  let resource: string;
  let orgId: string;
  let clinicianKey: string;
  const users: Record<string, string> = {};
  let clockOffsetMs = 0;

  beforeAll(async () => {
    idp = await startLocalOidcProvider();
    const environment = await target.environment();
    app = await startApp(environment, {
      api: { host: "127.0.0.1", port: 0 },
      plugins: [...(environment.plugins ?? defaultPlugins), "@rounds/plugin-oidc"],
      pluginSettings: { "@rounds/plugin-oidc": { issuer: idp.issuer, clientId: "rounds-admin", clientSecret: "rounds-admin-client-secret", allowHttp: true } },
      signOn: { provider: "oidc" },
    }, [], undefined, () => new Date(Date.now() + clockOffsetMs));
    const ws = await ensureWorkspace(app, { org: "mcp-oauth", project: "kat" });
    orgId = ws.organization.id;
    const admin = await localOperator(app, orgId);
    const doc = await ingestFile(app, { actor: admin, projectId: ws.project.id, fileName: "monitoring.md", bytes: new TextEncoder().encode("# Ketamine infusion monitoring\n\nDuring ketamine infusion sessions, check blood pressure every 15 minutes and watch for dissociation.") });
    await waitForJobs(app);
    if ((await app.store.knowledge.getDocument({ organizationId: orgId, projectId: ws.project.id }, doc.document.id))?.status === "pending") {
      await reviewDocument(app, { actor: admin, projectId: ws.project.id, documentId: doc.document.id, action: "approve" });
      await waitForJobs(app);
    }
    for (const [client, role] of [["mcp-clinician", "clinician"], ["mcp-auditor", "auditor"], ["mcp-removed", "clinician"], ["person-clinician", "clinician"]] as const) {
      const user = await app.store.identity.createUser({ organizationId: orgId, role, displayName: client });
      await app.store.identity.linkSignOnIdentity({ userId: user.id, organizationId: orgId, issuer: idp.issuer, subject: client });
      users[client] = user.id;
    }
    await app.store.identity.updateUser(orgId, users["mcp-removed"]!, { disabled: true });
    clinicianKey = (await createApiKey(app, undefined, { organizationId: orgId, role: "clinician", name: "clinician key", userId: users["mcp-clinician"] })).key;
    server = await startServer(app, { worker: false, channels: false });
    resource = `${server.url}/mcp`;
    idp.registerClient(
      { clientId: "rounds-admin", clientSecret: "rounds-admin-client-secret", redirectUris: [`${server.url}/v1/session/sign-on/callback`], postLogoutRedirectUris: [] },
      ...clients.map((clientId) => ({ clientId, clientSecret: secret, redirectUris: [], postLogoutRedirectUris: [], grantTypes: ["client_credentials" as const] })),
      // A public MCP client on a workstation: authorisation code with PKCE, no secret.
      { clientId: "mcp-desktop", redirectUris: ["http://127.0.0.1:9/mcp-client/callback"], postLogoutRedirectUris: [] },
    );
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await idp?.close();
  });

  /** An access token from the provider's token endpoint (client credentials) for `forResource`. */
  async function token(clientId: string, forResource = resource): Promise<string> {
    const res = await fetch(`${idp.issuer}/token`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: secret, resource: forResource, scope: "mcp" }).toString(),
    });
    const body = (await res.json()) as { access_token?: string; token_type?: string };
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body.access_token!;
  }
  const connect = async (bearer: string) => {
    const client = new Client({ name: "rounds-oauth-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource), { requestInit: { headers: { authorization: `Bearer ${bearer}` } } }));
    return client;
  };
  const post = (bearer?: string) => fetch(resource, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  const metadataUrl = () => `${server.url}/.well-known/oauth-protected-resource/mcp`;

  it("publishes its protected resource metadata naming the sign-on issuer, and a 401 names it", async () => {
    for (const url of [metadataUrl(), `${server.url}/.well-known/oauth-protected-resource`]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(await res.json()).toMatchObject({ resource, authorization_servers: [idp.issuer], bearer_methods_supported: ["header"] });
    }
    const res = await post();
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="rounds", resource_metadata="${metadataUrl()}"`);
    expect(await res.json()).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("the provider's token is a JWT for this resource; with it the tools run as the linked user, audited with channel mcp", async () => {
    const bearer = await token("mcp-clinician");
    expect(decodeProtectedHeader(bearer).typ).toBe("at+jwt");
    expect(decodeJwt(bearer)).toMatchObject({ iss: idp.issuer, aud: resource, sub: "mcp-clinician" });
    const client = await connect(bearer);
    const answer = (await client.callTool({ name: "ask", arguments: { question: "How often should blood pressure be checked during a ketamine infusion?" } })) as CallToolResult;
    expect(answer.isError, text(answer)).toBeFalsy();
    expect(answer.structuredContent).toMatchObject({ kind: "extractive", sources: [expect.objectContaining({ title: "Ketamine infusion monitoring", trust: "untrusted-data" })] });
    expect(text(await client.callTool({ name: "list_documents", arguments: {} }) as CallToolResult)).toContain("Ketamine infusion monitoring");
    await client.close();
    const rows = await app.store.audit.query(orgId, { actorUserId: users["mcp-clinician"], limit: 50 });
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ action: "documents.list", channel: "mcp" })]));
  }, 60_000);

  it("a person's token from the authorisation code flow (PKCE, resource indicator), as an MCP client gets it, acts as the user linked to their subject", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const redirectUri = "http://127.0.0.1:9/mcp-client/callback";
    const authorize = new URL(`${idp.issuer}/auth`);
    authorize.search = new URLSearchParams({
      client_id: "mcp-desktop", response_type: "code", redirect_uri: redirectUri, scope: "openid mcp", resource, state: "s1",
      code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256",
    }).toString();
    const back = await idp.authorize(authorize.href, "person-clinician");
    expect(back.searchParams.get("error"), back.href).toBeNull();
    const res = await fetch(`${idp.issuer}/token`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: back.searchParams.get("code")!, redirect_uri: redirectUri, client_id: "mcp-desktop", code_verifier: verifier, resource }).toString(),
    });
    const body = (await res.json()) as { access_token: string };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(decodeJwt(body.access_token)).toMatchObject({ aud: resource, sub: "person-clinician" });
    const client = await connect(body.access_token);
    const answer = (await client.callTool({ name: "ask", arguments: { question: "How often should blood pressure be checked during a ketamine infusion?" } })) as CallToolResult;
    expect(answer.isError, text(answer)).toBeFalsy();
    await client.callTool({ name: "list_documents", arguments: {} });
    await client.close();
    const rows = await app.store.audit.query(orgId, { actorUserId: users["person-clinician"], limit: 50 });
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ action: "documents.list", channel: "mcp" })]));
  }, 60_000);

  it("the linked user's role holds: an auditor's token lists documents but cannot ask", async () => {
    const client = await connect(await token("mcp-auditor"));
    const asked = (await client.callTool({ name: "ask", arguments: { question: "How often is blood pressure checked?" } })) as CallToolResult;
    expect(asked.isError).toBe(true);
    expect(text(asked)).toMatch(/^FORBIDDEN: /);
    expect(text(await client.callTool({ name: "list_documents", arguments: {} }) as CallToolResult)).toContain("Ketamine infusion monitoring");
    await client.close();
  }, 60_000);

  it("refuses a token for another audience, an expired one and a forged one, with invalid_token", async () => {
    const refused = async (bearer: string) => {
      const res = await post(bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer realm="rounds", resource_metadata="${metadataUrl()}", error="invalid_token"`);
      expect(await res.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    };
    // Minted by the same issuer for the same subject, but for another resource server: no passthrough.
    const elsewhere = await token("mcp-clinician", "https://other.example.org/mcp");
    expect(decodeJwt(elsewhere).aud).toBe("https://other.example.org/mcp");
    await refused(elsewhere);
    // Valid now (so the refusals below are the clock's and the signature's, not the token's).
    const good = await token("mcp-clinician");
    expect((await post(good)).status).toBe(200);
    clockOffsetMs = 11 * 60_000; // past the provider's 600 s access-token lifetime
    try {
      await refused(good);
    } finally {
      clockOffsetMs = 0;
    }
    expect((await post(good)).status).toBe(200);
    // The same header and claims, signed with a key that is not the issuer's.
    const claims = decodeJwt(good);
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ ...decodeProtectedHeader(good), alg: "RS256" })
      .sign(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    await refused(forged);
    // The unsigned variant of the same token.
    const [, payload] = good.split(".");
    await refused(`${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`);
  }, 60_000);

  it("refuses a subject linked to nobody (401) and a removed user (403, audited)", async () => {
    const stranger = await post(await token("mcp-stranger"));
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    const removed = await post(await token("mcp-removed"));
    expect(removed.status).toBe(403);
    expect(await removed.json()).toMatchObject({ code: "FORBIDDEN" });
    const rows = await app.store.audit.query(orgId, { actorUserId: users["mcp-removed"], limit: 10 });
    expect(rows).toEqual([expect.objectContaining({ action: "session.refused", channel: "mcp" })]);
  }, 60_000);

  it("API keys keep working beside tokens; an unknown key still gets 401 with the header", async () => {
    const client = await connect(clinicianKey);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("ask");
    await client.close();
    const res = await post("rk_not_a_key");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain(`resource_metadata="${metadataUrl()}"`);
  }, 60_000);
});
