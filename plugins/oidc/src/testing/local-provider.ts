/**
 * `@rounds/plugin-oidc/testing`: a real OpenID Connect provider on a loopback
 * port (`oidc-provider`, the certified implementation), for tests. Its login
 * page is one form: type a subject, submit; consent is granted for the
 * client's own scopes. Accounts carry the e-mail claims a test gives them.
 * Start it first (its issuer URL goes into Rounds' settings), then register
 * the client once Rounds' own address is known.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

export interface LocalAccount {
  email?: string;
  emailVerified?: boolean;
}

export interface LocalOidcClient {
  clientId: string;
  /** Unset: a public client (PKCE only). */
  clientSecret?: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Default `["authorization_code"]`; `client_credentials` lets it get an access token for itself (subject = its client id). */
  grantTypes?: Array<"authorization_code" | "client_credentials">;
}

export interface LocalOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer URL. */
  issuer: string;
  /** Accounts by subject; a subject not here can still sign in, with no claims but `sub`. */
  accounts: Map<string, LocalAccount>;
  /**
   * Creates the provider with these clients; call once. A token request
   * naming a resource indicator (RFC 8707 `resource`) gets a JWT access
   * token (RFC 9068, `typ: at+jwt`) whose audience is that resource.
   */
  registerClient(client: LocalOidcClient, ...more: LocalOidcClient[]): void;
  /**
   * A browser's visit to an authorisation URL without the browser: the login
   * page answered as `subject`, redirects followed with a cookie jar of the
   * provider's own, up to the redirect back to the client; returns that URL
   * (its query carries the code and state, or an error).
   */
  authorize(authorizationUrl: string, subject: string): Promise<URL>;
  /** How many RP-initiated logouts the provider completed. */
  logouts(): number;
  close(): Promise<void>;
}

const loginPage = (uid: string) => `<!doctype html><html><head><title>Local identity provider</title><link rel="icon" href="data:,"></head><body>
<h1>Local identity provider</h1>
<form method="post" action="/interaction/${uid}/login">
<label for="login">Subject</label><input id="login" name="login" autocomplete="off">
<button type="submit">Continue</button>
</form></body></html>`;

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startLocalOidcProvider(): Promise<LocalOidcProvider> {
  let provider: Provider | undefined;
  let logouts = 0;
  const accounts = new Map<string, LocalAccount>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!provider) {
      res.writeHead(503).end("no client registered yet");
      return;
    }
    const url = new URL(req.url ?? "/", "http://local");
    const login = /^\/interaction\/([^/]+)\/login$/.exec(url.pathname);
    const page = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    if (login && req.method === "POST") {
      const accountId = (await formBody(req)).get("login")?.trim();
      if (!accountId) {
        res.writeHead(400).end("a subject is required");
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (page && req.method === "GET") {
      const details = await provider.interactionDetails(req, res);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid));
      return;
    }
    await provider.callback()(req, res);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    accounts,
    registerClient(...clients) {
      const configuration: Configuration = {
        clients: clients.map((client) => ({
          client_id: client.clientId,
          ...(client.clientSecret ? { client_secret: client.clientSecret, token_endpoint_auth_method: "client_secret_post" } : { token_endpoint_auth_method: "none" }),
          grant_types: client.grantTypes ?? ["authorization_code"],
          // A machine client (client credentials only) has no browser to send anywhere.
          ...((client.grantTypes ?? ["authorization_code"]).includes("authorization_code")
            ? { redirect_uris: client.redirectUris, post_logout_redirect_uris: client.postLogoutRedirectUris, response_types: ["code"] }
            : { redirect_uris: [], response_types: [] }),
        })),
        claims: { openid: ["sub"], email: ["email", "email_verified"] },
        async findAccount(_ctx, sub) {
          const account = accounts.get(sub);
          return {
            accountId: sub,
            async claims() {
              return { sub, ...(account?.email !== undefined ? { email: account.email, email_verified: account.emailVerified === true } : {}) };
            },
          };
        },
        // First-party client: the scopes it asks for are granted without a consent page.
        async loadExistingGrant(ctx) {
          const session = ctx.oidc.session;
          const oidcClient = ctx.oidc.client;
          if (!session?.accountId || !oidcClient) return undefined;
          const grant = new ctx.oidc.provider.Grant({ clientId: oidcClient.clientId, accountId: session.accountId });
          const scope = ctx.oidc.params?.scope;
          grant.addOIDCScope(typeof scope === "string" ? scope : "openid");
          // An authorisation request naming a resource indicator is granted the resource's scope too (a JWT access token for it).
          const resource = ctx.oidc.params?.resource;
          if (typeof resource === "string") grant.addResourceScope(resource, "mcp");
          await grant.save();
          return grant;
        },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          // Any resource indicator is honoured (a test asks for tokens meant for other servers too), as a JWT for that audience.
          resourceIndicators: {
            enabled: true,
            defaultResource: (_ctx, _client, oneOf) => oneOf ?? undefined,
            useGrantedResource: () => true,
            getResourceServerInfo: (_ctx, resource) => ({ audience: resource, scope: "mcp", accessTokenFormat: "jwt", accessTokenTTL: 600, jwt: { sign: { alg: "RS256" } } }),
          },
          rpInitiatedLogout: {
            enabled: true,
            // Confirms at once (a test provider): the form posts itself.
            async logoutSource(ctx, form) {
              ctx.body = `<!doctype html><html><head><title>Signing out</title><link rel="icon" href="data:,"></head><body>${form}<script>const f = document.forms[0]; const yes = document.createElement("input"); yes.type = "hidden"; yes.name = "logout"; yes.value = "yes"; f.append(yes); f.submit();</script></body></html>`;
            },
          },
        },
        pkce: { required: () => true },
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        cookies: { keys: ["local-oidc-provider-test-cookie-key"] },
        // A signing key of its own per start: ID tokens from another run (or another provider) do not verify.
        jwks: { keys: [{ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "local-test", use: "sig", alg: "RS256" }] },
      };
      provider = new Provider(issuer, configuration);
      provider.on("end_session.success", () => {
        logouts++;
      });
    },
    async authorize(authorizationUrl, subject) {
      const jar = new Map<string, string>();
      const go = async (url: string, init: RequestInit = {}) => {
        const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string> | undefined), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
        for (const line of response.headers.getSetCookie()) {
          const pair = line.split(";")[0] ?? "";
          const at = pair.indexOf("=");
          if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return response;
      };
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        if (url.origin !== issuer) return url;
        let response = await go(url.href);
        const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
        if (interaction && response.status === 200) {
          response = await go(`${issuer}/interaction/${interaction[1]}/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ login: subject }).toString() });
        }
        const location = response.headers.get("location");
        if (!location) throw new Error(`the provider answered ${response.status} without a redirect`);
        url = new URL(location, url);
      }
      throw new Error("the provider did not send the browser back");
    },
    logouts: () => logouts,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
