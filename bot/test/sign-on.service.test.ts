// Issue #21, part 3: single sign-on for the admin page over OpenID Connect,
// on both tiers, through the real HTTP API on a loopback socket and a real
// OpenID Connect provider (oidc-provider) on another: the browser's round
// trip is followed hop by hop with a cookie jar. Claims map to an existing
// Rounds user (issuer + subject linked with `users sign-on`, or with
// `signOn.match: email` a verified e-mail); an unknown subject, an
// unverified e-mail, a removed user and a clinician are refused and get no
// session; logout ends the session here and at the provider; a session
// expires, and ends when the user's role changes or the user is removed; a
// tampered state, a tampered transaction cookie and a callback nobody started
// are refused; another organisation cannot take a linked account.
import { createApiKey } from "@rounds/core";
import { startLocalOidcProvider, type LocalOidcProvider } from "@rounds/plugin-oidc/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundsApp } from "../src/app/create-app.ts";
import { defaultPlugins } from "../src/app/default-plugins.ts";
import { ensureWorkspace } from "../src/cli/workspace.ts";
import { ownedWorkspaceOnLoopback } from "./support/loopback-api.ts";
import { appTargets, cleanupTargets, startApp } from "./support/test-app.ts";

afterAll(() => cleanupTargets());

/** Cookies as a browser keeps them for one host (every server here is 127.0.0.1; ports do not separate cookies). */
class CookieJar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((s) => s.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

describe.each(appTargets())("admin-page single sign-on over OpenID Connect ($name)", (target) => {
  let idp: LocalOidcProvider;
  let app: RoundsApp;
  let api: FastifyInstance;
  let base: string;
  let organizationId: string;
  let projectId: string;
  let ownerKey: string;
  let clockOffsetMs = 0;

  beforeAll(async () => {
    idp = await startLocalOidcProvider();
    const environment = await target.environment();
    app = await startApp(environment, {
      plugins: [...(environment.plugins ?? defaultPlugins), "@rounds/plugin-oidc"],
      pluginSettings: { "@rounds/plugin-oidc": { issuer: idp.issuer, clientId: "rounds-admin", clientSecret: "rounds-admin-client-secret", allowHttp: true } },
      signOn: { provider: "oidc", match: "email" },
    }, [], undefined, () => new Date(Date.now() + clockOffsetMs));
    ({ api, base, organizationId, projectId, ownerKey } = await ownedWorkspaceOnLoopback(app, "sso"));
    idp.registerClient({ clientId: "rounds-admin", clientSecret: "rounds-admin-client-secret", redirectUris: [`${base}/v1/session/sign-on/callback`], postLogoutRedirectUris: [`${base}/admin/?signedOut=1`] });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await app?.close();
    await idp?.close();
  });

  const asOwner = async (id: string, args: string) => {
    const res = await fetch(`${base}/v1/commands/${id}`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ownerKey}` }, body: JSON.stringify({ projectId, args }),
    });
    return { status: res.status, body: (await res.json()) as { code?: string; blocks?: Array<{ text?: string }> } };
  };
  /** A Rounds user, linked (through the `users sign-on` command, over the API) to a subject at the local provider unless `link` is false. */
  async function person(role: "admin" | "auditor" | "clinician", name: string, options: { email?: string; link?: boolean } = {}) {
    const user = await app.store.identity.createUser({ organizationId, role, displayName: name, ...(options.email ? { email: options.email } : {}) });
    const subject = `sub-${name.toLowerCase()}-${user.id.slice(0, 8)}`;
    if (options.link !== false) expect((await asOwner("users", `sign-on ${user.id} ${idp.issuer} ${subject}`)).status).toBe(200);
    return { userId: user.id, subject };
  }

  const go = async (jar: CookieJar, url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.keep(response);
    return response;
  };

  /**
   * The browser's round trip: Rounds' start → the provider's login page
   * (the subject typed in) → Rounds' callback (optionally tampered with) →
   * where Rounds sends the browser. Returns that location.
   */
  async function signIn(jar: CookieJar, subject: string, tamper: (callback: URL) => void = () => undefined): Promise<string> {
    let response = await go(jar, `${base}/v1/session/sign-on`);
    expect(response.status).toBe(302);
    let url = new URL(response.headers.get("location")!);
    expect(url.origin).toBe(idp.issuer);
    // The request carries PKCE (S256), a state and a nonce.
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    for (let hop = 0; hop < 10; hop++) {
      if (url.origin === base && url.pathname === "/v1/session/sign-on/callback") {
        tamper(url);
        response = await go(jar, url.href);
        expect(response.status).toBe(303);
        return response.headers.get("location")!;
      }
      response = await go(jar, url.href);
      const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
      if (interaction && response.status === 200) {
        response = await go(jar, `${idp.issuer}/interaction/${interaction[1]}/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ login: subject }).toString() });
      }
      expect([302, 303]).toContain(response.status);
      url = new URL(response.headers.get("location")!, url);
    }
    throw new Error("the sign-on round trip did not come back to Rounds");
  }
  const session = async (jar: CookieJar) => {
    const res = await fetch(`${base}/v1/session`, { headers: { cookie: jar.header() } });
    return { status: res.status, body: (await res.json()) as { user?: { id: string; role: string }; csrfToken?: string } };
  };

  it("offers single sign-on to the admin page", async () => {
    const res = await fetch(`${base}/v1/session/methods`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ apiKey: true, signOn: true });
  });

  it("signs a linked subject in as its Rounds user, with that user's role", async () => {
    const ada = await person("admin", "Ada");
    const jar = new CookieJar();
    expect(await signIn(jar, ada.subject)).toBe("/admin/?signOn=done");
    expect(jar.cookies.has("rounds_session")).toBe(true);
    expect(jar.cookies.has("rounds_sign_on")).toBe(false);
    expect(await session(jar)).toMatchObject({ status: 200, body: { user: { id: ada.userId, role: "admin" } } });
    const audit = await app.store.audit.query(organizationId, { actorUserId: ada.userId, limit: 10 });
    expect(audit.find((r) => r.action === "session.login")?.details).toEqual({ signOn: "oidc" });
    const auditor = await person("auditor", "Abe");
    const abe = new CookieJar();
    expect(await signIn(abe, auditor.subject)).toBe("/admin/?signOn=done");
    expect(await session(abe)).toMatchObject({ status: 200, body: { user: { id: auditor.userId, role: "auditor" } } });
  });

  it("with match: email, signs in by a verified e-mail claim and never by an unverified one", async () => {
    const bo = await person("admin", "Bo", { email: "bo@clinic.example", link: false });
    idp.accounts.set("bo-at-provider", { email: "Bo@clinic.example", emailVerified: true });
    const jar = new CookieJar();
    expect(await signIn(jar, "bo-at-provider")).toBe("/admin/?signOn=done");
    expect(await session(jar)).toMatchObject({ status: 200, body: { user: { id: bo.userId } } });
    idp.accounts.set("bo-impostor", { email: "bo@clinic.example", emailVerified: false });
    const impostor = new CookieJar();
    expect(await signIn(impostor, "bo-impostor")).toBe("/admin/?signOnError=unknown_subject");
    expect(impostor.cookies.has("rounds_session")).toBe(false);
  });

  it("refuses an unknown subject, a removed user and a clinician, opening no session", async () => {
    const stranger = new CookieJar();
    expect(await signIn(stranger, "nobody-we-know")).toBe("/admin/?signOnError=unknown_subject");
    expect(stranger.cookies.has("rounds_session")).toBe(false);

    const cy = await person("admin", "Cy");
    expect((await asOwner("users", `remove ${cy.userId}`)).status).toBe(200);
    const removed = new CookieJar();
    expect(await signIn(removed, cy.subject)).toBe("/admin/?signOnError=disabled");
    expect(removed.cookies.has("rounds_session")).toBe(false);
    const audit = await app.store.audit.query(organizationId, { actorUserId: cy.userId, limit: 10 });
    expect(audit.find((r) => r.action === "session.refused")?.details).toEqual({ signOn: "oidc", reason: "disabled" });

    const cleo = await person("clinician", "Cleo");
    const clinician = new CookieJar();
    expect(await signIn(clinician, cleo.subject)).toBe("/admin/?signOnError=role");
    expect(clinician.cookies.has("rounds_session")).toBe(false);
  });

  it("refuses a tampered state, a tampered transaction cookie and a callback nobody started", async () => {
    const dee = await person("admin", "Dee");
    const tampered = new CookieJar();
    expect(await signIn(tampered, dee.subject, (callback) => callback.searchParams.set("state", "forged-state"))).toBe("/admin/?signOnError=verification");
    expect(tampered.cookies.has("rounds_session")).toBe(false);

    const forgedCookie = new CookieJar();
    expect(await signIn(forgedCookie, dee.subject, () => {
      const sealed = forgedCookie.cookies.get("rounds_sign_on")!;
      forgedCookie.cookies.set("rounds_sign_on", `${sealed.slice(0, -4)}AAAA`);
    })).toBe("/admin/?signOnError=transaction");
    expect(forgedCookie.cookies.has("rounds_session")).toBe(false);

    // A callback from another browser's round trip (its code and state, but not its transaction) opens nothing here.
    const other = new CookieJar();
    let stolen = "";
    await signIn(other, dee.subject, (callback) => {
      stolen = callback.href;
      other.cookies.delete("rounds_sign_on");
    });
    const victim = new CookieJar();
    const res = await go(victim, stolen);
    expect(res.headers.get("location")).toBe("/admin/?signOnError=transaction");
    expect(victim.cookies.has("rounds_session")).toBe(false);
  });

  it("logs out here and at the provider (RP-initiated logout)", async () => {
    const eve = await person("admin", "Eve");
    const jar = new CookieJar();
    expect(await signIn(jar, eve.subject)).toBe("/admin/?signOn=done");
    const { body } = await session(jar);
    const out = await go(jar, `${base}/v1/session`, { method: "DELETE", headers: { "x-csrf-token": body.csrfToken! } });
    expect(out.status).toBe(200);
    const { logoutUrl } = (await out.json()) as { logoutUrl?: string };
    const end = new URL(logoutUrl!);
    expect(end.origin).toBe(idp.issuer);
    expect(end.searchParams.get("client_id")).toBe("rounds-admin");
    expect(end.searchParams.get("post_logout_redirect_uri")).toBe(`${base}/admin/?signedOut=1`);
    // Ended here at once, whatever the provider does.
    expect(jar.cookies.has("rounds_session")).toBe(false);
    // The provider's confirmation page (its form, confirmed as a browser would), then back to the admin page.
    const confirm = await go(jar, end.href);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(form)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
    const done = await go(jar, new URL(action!, idp.issuer).href, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ xsrf: xsrf!, logout: "yes" }).toString() });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${base}/admin/?signedOut=1`);
    expect(idp.logouts()).toBe(1);
  });

  it("a session signed in this way expires, and ends when the user's role changes or the user is removed", async () => {
    const fay = await person("admin", "Fay");
    const expiring = new CookieJar();
    expect(await signIn(expiring, fay.subject)).toBe("/admin/?signOn=done");
    expect((await session(expiring)).status).toBe(200);
    clockOffsetMs = 8 * 3600_000 + 60_000;
    try {
      expect((await session(expiring)).status).toBe(401);
    } finally {
      clockOffsetMs = 0;
    }
    expect((await session(expiring)).status).toBe(401);

    const roleChange = new CookieJar();
    expect(await signIn(roleChange, fay.subject)).toBe("/admin/?signOn=done");
    expect((await session(roleChange)).status).toBe(200);
    expect((await asOwner("users", `role ${fay.userId} auditor`)).status).toBe(200);
    expect((await session(roleChange)).status).toBe(401);
    // As an auditor now, Fay may sign in again, with the new role.
    const again = new CookieJar();
    expect(await signIn(again, fay.subject)).toBe("/admin/?signOn=done");
    expect(await session(again)).toMatchObject({ status: 200, body: { user: { role: "auditor" } } });
    expect((await asOwner("users", `remove ${fay.userId}`)).status).toBe(200);
    expect((await session(again)).status).toBe(401);
  });

  it("links and unlinks subjects through the users command, refusing bad input", async () => {
    const gus = await person("admin", "Gus");
    expect(await asOwner("users", `sign-on ${gus.userId}`)).toMatchObject({ status: 400, body: { code: "BAD_REQUEST" } });
    expect(await asOwner("users", `sign-on ${gus.userId} not-a-url ${gus.subject}`)).toMatchObject({ status: 400, body: { code: "BAD_REQUEST" } });
    expect(await asOwner("users", `sign-on 00000000-0000-4000-8000-000000000000 ${idp.issuer} x`)).toMatchObject({ status: 404 });
    const jar = new CookieJar();
    expect(await signIn(jar, gus.subject)).toBe("/admin/?signOn=done");
    expect((await asOwner("users", `sign-on ${gus.userId} --remove`)).status).toBe(200);
    // Unlinking ends the session and the subject names nobody any more.
    expect((await session(jar)).status).toBe(401);
    expect(await signIn(new CookieJar(), gus.subject)).toBe("/admin/?signOnError=unknown_subject");
  });

  it("never moves a sign-on account linked in one organisation to another", async () => {
    const hal = await person("admin", "Hal");
    const rival = await ensureWorkspace(app, { org: "rival-clinic", project: "rk" });
    const rivalKey = (await createApiKey(app, undefined, { organizationId: rival.organization.id, role: "admin", name: "rival" })).key;
    const rivalUser = await app.store.identity.createUser({ organizationId: rival.organization.id, role: "admin", displayName: "Rival" });
    const res = await fetch(`${base}/v1/commands/users`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${rivalKey}` },
      body: JSON.stringify({ projectId: rival.project.id, args: `sign-on ${rivalUser.id} ${idp.issuer} ${hal.subject}` }),
    });
    expect(res.status).toBe(403);
    const jar = new CookieJar();
    expect(await signIn(jar, hal.subject)).toBe("/admin/?signOn=done");
    expect(await session(jar)).toMatchObject({ status: 200, body: { user: { id: hal.userId } } });
  });
});
