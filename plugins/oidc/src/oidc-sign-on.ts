import { RoundsError, type SignOnClaims, type SignOnProvider, type SignOnTransaction } from "@rounds/core";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import * as client from "openid-client";

export interface OidcSignOnOptions {
  /** Issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Confidential client's secret (sent as client_secret_post, or basic when the provider only takes that); unset for a public client. */
  clientSecret?: string;
  /** Space-separated scopes; `openid` is always asked for. Default `openid email profile`. */
  scopes?: string;
  /** Allow an http:// issuer (local test or development providers only). Default false. */
  allowHttp?: boolean;
}

/** Signatures an access token may carry: the issuer's asymmetric keys only (never a shared secret, never `none`). */
const accessTokenAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
/** JWT access token types accepted: RFC 9068's `at+jwt`, and plain `JWT` (or none) as Entra ID and others issue. */
const accessTokenTypes = new Set([undefined, "at+jwt", "application/at+jwt", "jwt"]);

/**
 * OpenID Connect sign-on with `openid-client`: authorisation code flow with
 * PKCE (S256), state and nonce, ID token verified against the issuer's keys.
 * Discovery runs at the first sign-on and is kept; a failed discovery is
 * retried at the next. The same issuer is the MCP server's authorisation
 * server: `verifyAccessToken` checks its JWT access tokens with `jose`
 * against the keys its discovery document names (`jwks_uri`).
 */
export class OidcSignOn implements SignOnProvider {
  readonly specificationVersion = "v1" as const;
  readonly id = "oidc";
  readonly issuer: string;
  private configuration: Promise<client.Configuration> | undefined;
  private keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(private readonly options: OidcSignOnOptions) {
    this.issuer = options.issuer;
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<client.Configuration> {
    const { issuer, clientId, clientSecret, allowHttp } = this.options;
    try {
      const auth = clientSecret ? client.ClientSecretPost(clientSecret) : client.None();
      return await client.discovery(new URL(issuer), clientId, clientSecret ? { client_secret: clientSecret } : {}, auth, allowHttp ? { execute: [client.allowInsecureRequests] } : {});
    } catch (error) {
      throw new RoundsError("UPSTREAM_FAILED", "The sign-on provider could not be reached or its configuration is not valid.", { details: { provider: this.id, reason: errorName(error) }, cause: error });
    }
  }

  async begin(input: { redirectUri: string }): Promise<{ url: string; transaction: SignOnTransaction }> {
    const config = await this.config();
    const transaction: SignOnTransaction = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const scopes = new Set(["openid", ...(this.options.scopes ?? "openid email profile").split(/\s+/).filter(Boolean)]);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: input.redirectUri,
      scope: [...scopes].join(" "),
      response_type: "code",
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: "S256",
    });
    return { url: url.href, transaction };
  }

  async complete(input: { callbackUrl: string; redirectUri: string; transaction: SignOnTransaction }): Promise<SignOnClaims> {
    const config = await this.config();
    let claims: client.IDToken | undefined;
    let accessToken: string;
    try {
      // openid-client sends the callback URL without its query as redirect_uri: it must be exactly the one the flow began with.
      const current = new URL(input.redirectUri);
      current.search = new URL(input.callbackUrl).search;
      const tokens = await client.authorizationCodeGrant(config, current, {
        expectedState: input.transaction.state,
        expectedNonce: input.transaction.nonce,
        pkceCodeVerifier: input.transaction.codeVerifier,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      accessToken = tokens.access_token;
    } catch (error) {
      // The reason names the failed check (state, nonce, signature…); the message carries no token or claim.
      throw new RoundsError("UNAUTHENTICATED", "Sign-on did not complete: the provider's answer failed verification.", { details: { provider: this.id, reason: errorName(error) }, cause: error });
    }
    if (!claims) throw new RoundsError("UNAUTHENTICATED", "Sign-on did not complete: the provider sent no ID token.", { details: { provider: this.id, reason: "no_id_token" } });
    let email = typeof claims.email === "string" ? claims.email : undefined;
    let emailVerified = claims.email_verified === true;
    // Some providers put the e-mail only in userinfo; ask there (bound to the same subject) when the ID token has none.
    if (email === undefined && config.serverMetadata().userinfo_endpoint) {
      try {
        const info = await client.fetchUserInfo(config, accessToken, claims.sub);
        if (typeof info.email === "string") {
          email = info.email;
          emailVerified = info.email_verified === true;
        }
      } catch {
        // Without userinfo the e-mail is simply unknown; matching by subject still works.
      }
    }
    return { issuer: claims.iss, subject: claims.sub, ...(email !== undefined ? { email } : {}), emailVerified };
  }

  async logoutUrl(input: { postLogoutRedirectUri: string }): Promise<string | undefined> {
    const config = await this.config();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(config, { client_id: this.options.clientId, post_logout_redirect_uri: input.postLogoutRedirectUri }).href;
  }

  async verifyAccessToken(input: { token: string; audience: string; now: Date }): Promise<SignOnClaims> {
    const metadata = (await this.config()).serverMetadata();
    if (!metadata.jwks_uri) throw new RoundsError("UPSTREAM_FAILED", "The sign-on provider publishes no signing keys (jwks_uri); it cannot issue access tokens Rounds can verify.", { details: { provider: this.id, reason: "no_jwks_uri" } });
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    try {
      const { payload, protectedHeader } = await jwtVerify(input.token, this.keys, {
        issuer: metadata.issuer, audience: input.audience, currentDate: input.now, algorithms: accessTokenAlgorithms, requiredClaims: ["iss", "sub", "aud", "exp"],
      });
      if (!accessTokenTypes.has(protectedHeader.typ?.toLowerCase())) throw new RoundsError("UNAUTHENTICATED", "That token is not an access token.", { details: { provider: this.id, reason: "typ" } });
      return { issuer: payload.iss!, subject: payload.sub!, emailVerified: false };
    } catch (error) {
      if (error instanceof RoundsError) throw error;
      if (error instanceof joseErrors.JWKSTimeout || (error instanceof Error && !(error instanceof joseErrors.JOSEError))) {
        throw new RoundsError("UPSTREAM_FAILED", "The sign-on provider's signing keys could not be fetched.", { details: { provider: this.id, reason: "jwks" }, cause: error });
      }
      // The reason names the failed check (expired, audience, signature…); the message carries no token or claim.
      throw new RoundsError("UNAUTHENTICATED", "That access token is not valid here (signature, issuer, audience or expiry).", { details: { provider: this.id, reason: accessTokenFailure(error) }, cause: error });
    }
  }
}

/** The failed access-token check, named without any of the token's content. */
function accessTokenFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim_${error.claim}`.slice(0, 60);
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) return "signature";
  if (error instanceof joseErrors.JOSEError) return error.code.slice(0, 60);
  return "failed";
}

/** A short, non-sensitive name of what failed (openid-client's error codes). */
function errorName(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, error: oauthError } = error as { code?: unknown; error?: unknown };
    if (typeof oauthError === "string") return oauthError.slice(0, 60);
    if (typeof code === "string") return code.slice(0, 60);
  }
  return "failed";
}
