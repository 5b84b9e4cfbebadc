// The OpenID Connect sign-on provider against a real provider (oidc-provider
// on loopback, a public client): the request carries PKCE S256, state and
// nonce; a good callback yields the verified claims; a wrong state, nonce or
// PKCE verifier, a provider error and a replayed code are refused as
// UNAUTHENTICATED naming the failed check; an http:// issuer needs
// allowHttp; an unreachable issuer is UPSTREAM_FAILED and retried later.
import { createHash } from "node:crypto";
import { RoundsError, type SignOnTransaction } from "@rounds/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OidcSignOn } from "./oidc-sign-on.ts";
import { startLocalOidcProvider, type LocalOidcProvider } from "./testing/local-provider.ts";

const redirectUri = "http://127.0.0.1:9/v1/session/sign-on/callback";
const postLogout = "http://127.0.0.1:9/admin/?signedOut=1";
let idp: LocalOidcProvider;
let oidc: OidcSignOn;

beforeAll(async () => {
  idp = await startLocalOidcProvider();
  idp.registerClient({ clientId: "rounds-test", redirectUris: [redirectUri], postLogoutRedirectUris: [postLogout] });
  idp.accounts.set("ada", { email: "ada@clinic.example", emailVerified: true });
  oidc = new OidcSignOn({ issuer: idp.issuer, clientId: "rounds-test", allowHttp: true });
});
afterAll(() => idp?.close());

/** Begins a sign-on and signs in at the provider as `subject`; returns the transaction and the callback URL. */
async function signedIn(subject: string): Promise<{ transaction: SignOnTransaction; callback: URL; request: URL }> {
  const { url, transaction } = await oidc.begin({ redirectUri });
  return { transaction, callback: await idp.authorize(url, subject), request: new URL(url) };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RoundsError);
  return { code: (error as RoundsError).code, reason: (error as RoundsError).details?.reason };
}

describe("OpenID Connect sign-on against a real provider", () => {
  it("asks with PKCE S256, a state and a nonce, and returns the verified claims", async () => {
    const { transaction, callback, request } = await signedIn("ada");
    expect(request.searchParams.get("client_id")).toBe("rounds-test");
    expect(request.searchParams.get("redirect_uri")).toBe(redirectUri);
    expect(request.searchParams.get("scope")?.split(" ")).toEqual(["openid", "email", "profile"]);
    expect(request.searchParams.get("code_challenge_method")).toBe("S256");
    expect(request.searchParams.get("code_challenge")).toBe(createHash("sha256").update(transaction.codeVerifier).digest("base64url"));
    expect(request.searchParams.get("state")).toBe(transaction.state);
    expect(request.searchParams.get("nonce")).toBe(transaction.nonce);
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    const claims = await oidc.complete({ callbackUrl: callback.href, redirectUri, transaction });
    expect(claims).toEqual({ issuer: idp.issuer, subject: "ada", email: "ada@clinic.example", emailVerified: true });
  });

  it("reports no e-mail for an account without one, and an unverified one as unverified", async () => {
    const plain = await signedIn("no-mail");
    expect(await oidc.complete({ callbackUrl: plain.callback.href, redirectUri, transaction: plain.transaction })).toEqual({ issuer: idp.issuer, subject: "no-mail", emailVerified: false });
    idp.accounts.set("unverified", { email: "u@clinic.example", emailVerified: false });
    const unverified = await signedIn("unverified");
    expect(await oidc.complete({ callbackUrl: unverified.callback.href, redirectUri, transaction: unverified.transaction })).toMatchObject({ email: "u@clinic.example", emailVerified: false });
  });

  it("refuses a wrong state, a wrong nonce, a wrong PKCE verifier and a replayed code", async () => {
    const state = await signedIn("ada");
    expect(await refusal(oidc.complete({ callbackUrl: state.callback.href, redirectUri, transaction: { ...state.transaction, state: "another-state" } }))).toEqual({ code: "UNAUTHENTICATED", reason: "OAUTH_INVALID_RESPONSE" });

    const nonce = await signedIn("ada");
    // The ID token carries the nonce the request sent, not this one.
    expect(await refusal(oidc.complete({ callbackUrl: nonce.callback.href, redirectUri, transaction: { ...nonce.transaction, nonce: "another-nonce" } }))).toEqual({ code: "UNAUTHENTICATED", reason: "OAUTH_JWT_CLAIM_COMPARISON_FAILED" });

    const pkce = await signedIn("ada");
    const other = (await oidc.begin({ redirectUri })).transaction.codeVerifier;
    expect(await refusal(oidc.complete({ callbackUrl: pkce.callback.href, redirectUri, transaction: { ...pkce.transaction, codeVerifier: other } }))).toEqual({ code: "UNAUTHENTICATED", reason: "invalid_grant" });

    const once = await signedIn("ada");
    await oidc.complete({ callbackUrl: once.callback.href, redirectUri, transaction: once.transaction });
    expect(await refusal(oidc.complete({ callbackUrl: once.callback.href, redirectUri, transaction: once.transaction }))).toEqual({ code: "UNAUTHENTICATED", reason: "invalid_grant" });
  });

  it("refuses a provider's error answer", async () => {
    const { transaction } = await oidc.begin({ redirectUri });
    const callback = `${redirectUri}?error=access_denied&state=${transaction.state}&iss=${encodeURIComponent(idp.issuer)}`;
    expect(await refusal(oidc.complete({ callbackUrl: callback, redirectUri, transaction }))).toEqual({ code: "UNAUTHENTICATED", reason: "access_denied" });
  });

  it("offers RP-initiated logout with its client id and where to return", async () => {
    const url = new URL((await oidc.logoutUrl({ postLogoutRedirectUri: postLogout }))!);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get("client_id")).toBe("rounds-test");
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(postLogout);
  });

  it("needs allowHttp for an http:// issuer, and reports an unreachable one as UPSTREAM_FAILED, trying again next time", async () => {
    const strict = new OidcSignOn({ issuer: idp.issuer, clientId: "rounds-test" });
    expect(await refusal(strict.begin({ redirectUri }))).toMatchObject({ code: "UPSTREAM_FAILED" });
    const later = await startLocalOidcProvider();
    const issuer = later.issuer;
    await later.close();
    const unreachable = new OidcSignOn({ issuer, clientId: "rounds-test", allowHttp: true });
    expect(await refusal(unreachable.begin({ redirectUri }))).toMatchObject({ code: "UPSTREAM_FAILED" });
    // A failed discovery is not kept: the same instance works once the issuer answers (this one answers 503 until its client is registered).
    const starting = await startLocalOidcProvider();
    try {
      const early = new OidcSignOn({ issuer: starting.issuer, clientId: "rounds-test", allowHttp: true });
      expect(await refusal(early.begin({ redirectUri }))).toMatchObject({ code: "UPSTREAM_FAILED" });
      starting.registerClient({ clientId: "rounds-test", redirectUris: [redirectUri], postLogoutRedirectUris: [postLogout] });
      expect(new URL((await early.begin({ redirectUri })).url).origin).toBe(starting.issuer);
    } finally {
      await starting.close();
    }
  });
});
