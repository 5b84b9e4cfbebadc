import type { Readable } from "node:stream";
import { Readable as NodeReadable } from "node:stream";
import { RoundsError, errorCodes, type ErrorCode, type RoundsConfig } from "@rounds/core/startup";
import { embeddedDataPath, lockPathFor, readLiveLock } from "@rounds/db/lock";

export interface LocalServer {
  pid: number;
  url: string;
  token: string;
  /** The lock file that named it (to delete by hand if that pid is no Rounds server). */
  lockPath: string;
  /** Set once the server has answered a call of this command: after that, a lost server is no longer "nothing changed". */
  answered?: boolean;
}

/** How long a command waits for a `rounds serve` that holds the folder but does not listen yet (migrations, channels). */
const SERVER_START_WAIT_MS = 30_000;

/**
 * The running `rounds serve` that holds this configuration's embedded
 * database, if any. Its lock file carries the URL and local operator token;
 * CLI commands go there instead of opening the database a second time. A
 * server that has taken the folder but does not listen yet is waited for (up
 * to `waitMs`); one that is still starting after that is a clear error, not
 * "in use" (its commands will go through it in a moment).
 */
export async function serverHolding(config: RoundsConfig, waitMs = SERVER_START_WAIT_MS): Promise<LocalServer | undefined> {
  const dataPath = embeddedDataPath({ url: config.database.url, dataDir: config.dataDir });
  if (!dataPath) return undefined;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = readLiveLock(dataPath);
    if (holder?.api) return { pid: holder.pid, url: holder.api.url, token: holder.api.token, lockPath: lockPathFor(dataPath) };
    // No holder, or one that never serves (a worker, another command): the caller opens the folder, or says who holds it.
    if (holder?.owner !== "serve") return undefined;
    if (Date.now() >= deadline) {
      throw new RoundsError("DATA_FOLDER_IN_USE", `The Rounds server (pid ${holder.pid}) that holds this data folder is still starting and does not answer yet; ` +
        `nothing was changed. Try again in a moment: once it listens, this command goes through it. If no Rounds server runs as pid ${holder.pid}, delete ${lockPathFor(dataPath)}.`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * Where this command runs: through the `rounds serve` that holds the folder, or
 * in the folder itself (`open`). A server started at the same moment can take
 * the folder between the look and the opening; it is then waited for and used,
 * as if it had been there at the look, instead of refusing the command as one
 * that "cannot run beside it" (outsider round 17).
 */
export async function serverOrApp<A>(config: RoundsConfig, open: () => Promise<A>, waitMs = SERVER_START_WAIT_MS): Promise<{ server: LocalServer } | { app: A }> {
  const server = await serverHolding(config, waitMs);
  if (server) return { server };
  try {
    return { app: await open() };
  } catch (error) {
    if (!(error instanceof RoundsError && error.code === "DATA_FOLDER_IN_USE" && error.details?.owner === "serve")) throw error;
    const late = await serverHolding(config, waitMs);
    if (!late) throw error;
    return { server: late };
  }
}

async function send(server: LocalServer, method: "GET" | "POST", path: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(new URL(path, server.url), {
      method,
      headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw lostServer(server, method, error);
  }
  server.answered = true;
  if (response.ok) return response;
  const problem = await response.json().catch(() => undefined) as { code?: string; detail?: string } | undefined;
  const code: ErrorCode = problem?.code && Object.hasOwn(errorCodes, problem.code) ? problem.code as ErrorCode : "UPSTREAM_FAILED";
  throw new RoundsError(code, problem?.detail ?? `The server at ${server.url} answered ${response.status}.`);
}

/** Errors of a connection that was made and then lost (undici's and the socket's): the request may have arrived. */
const SENT_CODES: ReadonlySet<string> = new Set(["UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);

/**
 * The error for a server that did not answer. "Nothing was changed" only when
 * no request of this command ever reached it (refused, or never sent); a server
 * lost after it answered an earlier call (an upload accepted, then the wait
 * for processing) keeps what it accepted, and one lost during a write may or
 * may not have applied it: the message says which, and how to look.
 */
function lostServer(server: LocalServer, method: "GET" | "POST", error: unknown): RoundsError {
  // A connection lost or reset after it was made: the request may have reached the server. Anything else (refused,
  // no such host, a port fetch will not use) never sent it.
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const sent = typeof code === "string" && SENT_CODES.has(code);
  const stale = `If no Rounds server runs as pid ${server.pid} (its number may now belong to another program), delete ${server.lockPath} and try again.`;
  if (!sent && !server.answered) {
    return new RoundsError("DATA_FOLDER_IN_USE", `The server holding this data folder (pid ${server.pid}) does not answer at ${server.url}; nothing was changed. ${stale}`);
  }
  const during = sent && method === "POST" ? "this last step may or may not have been applied" : "this last step was not applied";
  const before = server.answered ? "what the server accepted earlier in this command is kept (an accepted upload is processed when the server runs again)" : "";
  return new RoundsError("DATA_FOLDER_IN_USE", `The server holding this data folder (pid ${server.pid}) stopped answering at ${server.url} while this command ran: ` +
    `${[before, during].filter(Boolean).join("; ")}. Start it again (rounds serve) and check with the list or status command (e.g. rounds docs list) before repeating. ${stale}`);
}

/** Calls a local operator route of the server; its errors come back as the same RoundsError. */
export async function callLocalServer<T>(server: LocalServer, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  return await (await send(server, method, path, body)).json() as T;
}

/** A file a command produced, read through the server. */
export async function localServerBlob(server: LocalServer, key: string): Promise<Readable> {
  const response = await send(server, "GET", `/local/blobs?key=${encodeURIComponent(key)}`);
  if (!response.body) throw new RoundsError("UPSTREAM_FAILED", "The server sent no file.");
  return NodeReadable.fromWeb(response.body as import("node:stream/web").ReadableStream);
}
