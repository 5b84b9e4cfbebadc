import { createHmac, randomBytes } from "node:crypto";

/** Keys and session tokens are stored as HMAC-SHA256 with the server secret: never plaintext. */
export function hmac(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value).digest("hex");
}

/** A new API key: `rk_` + 32 random bytes (base64url). */
export function newApiKey(): string {
  return `rk_${randomBytes(32).toString("base64url")}`;
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}
