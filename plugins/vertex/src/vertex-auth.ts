import { readFile } from "node:fs/promises";
import { RoundsError } from "@rounds/core";
import { JWT, OAuth2Client } from "google-auth-library";

/** Where google-auth-library sends the service-account JWT (it names no other). */
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

export interface VertexCredentials {
  /** Path to a service-account JSON key file. */
  keyFile?: string;
  /** An OAuth 2.0 access token obtained elsewhere (e.g. `gcloud auth print-access-token`); used as is. */
  accessToken?: string;
}

const SETTING = "pluginSettings.@rounds/plugin-vertex.keyFile";

/**
 * The Google auth client the AI SDK's Vertex provider and the tuning calls
 * share: a service account's JWT exchanged for access tokens (cached and
 * refreshed by google-auth-library), or a given access token. The key file's
 * `token_uri` is honoured: google-auth-library always posts the JWT to
 * Google's public token URL, so a key naming another endpoint (a Private
 * Service Connect token endpoint, or a local test server) gets its token
 * request sent there instead.
 */
export async function vertexAuthClient(c: VertexCredentials): Promise<OAuth2Client> {
  if (c.accessToken) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: c.accessToken });
    return client;
  }
  if (!c.keyFile) {
    throw new RoundsError("CONFIG_INVALID", `The Vertex AI plugin needs credentials: a service-account key file (VERTEX_KEY_FILE, ${SETTING}) or an access token (VERTEX_ACCESS_TOKEN).`, { details: { setting: SETTING } });
  }
  let key: { type?: string; client_email?: string; private_key?: string; private_key_id?: string; token_uri?: string };
  try {
    key = JSON.parse(await readFile(c.keyFile, "utf8")) as typeof key;
  } catch {
    throw new RoundsError("CONFIG_INVALID", "The Vertex AI service-account key file cannot be read as JSON.", { details: { setting: SETTING } });
  }
  if (key.type !== "service_account" || !key.client_email || !key.private_key) {
    throw new RoundsError("CONFIG_INVALID", "The Vertex AI key file is not a service-account key (type service_account with client_email and private_key).", { details: { setting: SETTING } });
  }
  const jwt = new JWT({ email: key.client_email, key: key.private_key, ...(key.private_key_id && { keyId: key.private_key_id }), scopes: [CLOUD_PLATFORM] });
  const tokenUri = key.token_uri;
  if (tokenUri && tokenUri !== GOOGLE_TOKEN_URL) {
    jwt.transporter.interceptors.request.add({
      resolved: (config) => {
        if (String(config.url) === GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
        return Promise.resolve(config);
      },
    });
  }
  return jwt;
}

/** `Authorization: Bearer …` for one request. */
export async function bearer(client: OAuth2Client): Promise<string> {
  const { token } = await client.getAccessToken();
  if (!token) throw new RoundsError("UPSTREAM_FAILED", "Google's token endpoint returned no access token.");
  return `Bearer ${token}`;
}
