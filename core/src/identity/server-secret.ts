import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RoundsConfig } from "../config/index.ts";

const cache = new Map<string, string>();

/**
 * The HMAC key for API keys and sessions: `serverSecret` from configuration
 * (required on the server tier), or on the embedded tier a random secret
 * created once in `<dataDir>/secret` with mode 0600.
 */
export function serverSecret(config: RoundsConfig): string {
  if (config.serverSecret) return config.serverSecret;
  const hit = cache.get(config.dataDir);
  if (hit) return hit;
  const file = join(config.dataDir, "secret");
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, "utf8").trim();
  cache.set(config.dataDir, secret);
  return secret;
}
