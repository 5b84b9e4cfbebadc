/**
 * Discord signs every interaction with Ed25519: `x-signature-ed25519` (hex)
 * over `x-signature-timestamp` + the raw body, checked with the
 * application's public key (hex, from the Developer Portal).
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { RoundsError } from "@rounds/core";

/** Turns the portal's hex public key into a KeyObject (via JWK). Throws CONFIG_INVALID on a malformed key. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new RoundsError("CONFIG_INVALID", "Setting plugins.@rounds/plugin-discord.publicKey must be the application's 64-character hex public key (General Information › Public Key).", {
      details: { setting: "publicKey" },
    });
  }
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(hex, "hex").toString("base64url") }, format: "jwk" });
}

export type VerifyResult = { ok: true } | { ok: false; reason: "missing" | "malformed" | "expired" | "bad_signature" };

/**
 * Checks the signature, and that the timestamp is within `maxSkewSeconds` of
 * now (Discord does not require this; it stops replays of captured requests).
 */
export function verifyInteraction(
  key: KeyObject,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer,
  options: { maxSkewSeconds: number; nowMs?: number },
): VerifyResult {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: "missing" };
  if (!/^[0-9a-fA-F]{128}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed" };
  const now = (options.nowMs ?? Date.now()) / 1000;
  if (Math.abs(now - Number(timestamp)) > options.maxSkewSeconds) return { ok: false, reason: "expired" };
  const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), rawBody]);
  let good = false;
  try {
    good = verify(null, signed, key, Buffer.from(signature, "hex"));
  } catch {
    good = false;
  }
  return good ? { ok: true } : { ok: false, reason: "bad_signature" };
}
