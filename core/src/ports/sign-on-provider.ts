/**
 * What the browser's round trip to the provider must carry back: kept by
 * Rounds (sealed in a short-lived cookie), never shown to the provider except
 * as the state, the nonce and the PKCE challenge derived from the verifier.
 */
export interface SignOnTransaction {
  /** Random value echoed by the provider; a callback whose state differs is refused. */
  state: string;
  /** Random value the ID token must carry; binds the token to this sign-on. */
  nonce: string;
  /** PKCE code verifier; only its S256 challenge leaves Rounds before the token request. */
  codeVerifier: string;
}

/** Who the provider says signed in, from a verified ID token (and userinfo where the provider needs it). */
export interface SignOnClaims {
  /** The ID token's `iss`. */
  issuer: string;
  /** The ID token's `sub`: stable per issuer. */
  subject: string;
  /** The `email` claim, when present. */
  email?: string;
  /** True only when the provider asserts `email_verified: true`. */
  emailVerified: boolean;
}

/**
 * Single sign-on for the admin page (OpenID Connect or similar): the
 * provider sends the browser to its login page and turns the callback into
 * verified claims. Rounds maps the claims to one of its users; the provider
 * knows nothing of users or roles.
 *
 * Version history: v1 (initial); v1 gained the optional `issuer` and
 * `verifyAccessToken` (OAuth 2.1 bearer tokens for the MCP server), which a
 * provider without them simply does not offer.
 */
export interface SignOnProvider {
  readonly specificationVersion: "v1";
  readonly id: string;
  /** A new transaction and the provider URL to send the browser to. `redirectUri` is Rounds' callback, registered at the provider. */
  begin(input: { redirectUri: string }): Promise<{ url: string; transaction: SignOnTransaction }>;
  /**
   * Verifies the callback (`callbackUrl` as received, with its query) against
   * the transaction: state, code exchange with the PKCE verifier, ID token
   * signature, issuer, audience, expiry and nonce. Throws
   * `RoundsError(UNAUTHENTICATED)` when any check fails or the provider
   * reports an error.
   */
  complete(input: { callbackUrl: string; redirectUri: string; transaction: SignOnTransaction }): Promise<SignOnClaims>;
  /**
   * The provider's RP-initiated logout URL (ends the provider's own session,
   * then returns the browser to `postLogoutRedirectUri`), or `undefined`
   * when the provider has none.
   */
  logoutUrl(input: { postLogoutRedirectUri: string }): Promise<string | undefined>;
  /** The authorisation server's issuer identifier, named in Rounds' protected resource metadata (RFC 9728); with `verifyAccessToken`. */
  readonly issuer?: string;
  /**
   * Verifies an OAuth 2.1 access token presented to Rounds as a resource
   * server (the MCP endpoint): a JWT signed by one of the issuer's keys
   * (its JWKS), `iss` the issuer, `aud` containing `audience` (Rounds'
   * resource URL: a token minted for anything else is refused), `exp` and
   * `nbf` against `now`. Returns the issuer and subject; throws
   * `RoundsError(UNAUTHENTICATED)` when any check fails.
   */
  verifyAccessToken?(input: { token: string; audience: string; now: Date }): Promise<SignOnClaims>;
}
