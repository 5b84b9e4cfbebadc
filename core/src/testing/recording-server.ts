/**
 * The request-recording HTTP server every fake vendor (OpenAI, Anthropic,
 * Mistral, Deepgram, Vertex AI…) is built on: it collects each request's
 * body, parses it as JSON when it is JSON, records method, path, query,
 * headers, size and sha256, keeps a queue of failures a test asks for, and
 * hands the request to the fake's `route`, which speaks the vendor's wire
 * format. A route that throws is answered 500 instead of becoming an
 * unhandled rejection.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON, when it is a JSON object. A route may replace it with what it parsed itself (e.g. multipart fields). */
  json?: Record<string, unknown>;
  /** The raw body. */
  body: Buffer;
  size: number;
  sha256: string;
  /** When the request ended (ms since the epoch). */
  at: number;
}

/** A failure a test queued: the next request the route checks answers with this status. */
export interface QueuedFailure {
  status: number;
  /** Seconds, sent as `retry-after` by routes that support it. */
  retryAfter?: string;
}

export interface RecordingRoute {
  (request: RecordedRequest, res: ServerResponse, server: RecordingServerState): void | Promise<void>;
}

export interface RecordingServerState {
  /** 1-based number of this request. */
  readonly count: number;
  /** Take the next queued failure, if any (the route decides at which point of its checks a failure applies). */
  nextFailure: () => QueuedFailure | undefined;
}

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  requests: RecordedRequest[];
  /** Queue `count` failures with this status (`retryAfter` in seconds, as text). */
  failNext: (status: number, count?: number, retryAfter?: string) => void;
  close: () => Promise<void>;
}

/** Answer with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function parseJson(raw: Buffer): Record<string, unknown> | undefined {
  if (!raw.length) return undefined;
  try {
    const value: unknown = JSON.parse(raw.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startRecordingServer(route: RecordingRoute): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const failures: QueuedFailure[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://localhost");
      const json = parseJson(body);
      const recorded: RecordedRequest = {
        method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers,
        ...(json && { json }), body, size: body.length, sha256: createHash("sha256").update(body).digest("hex"), at: Date.now(),
      };
      requests.push(recorded);
      const count = requests.length;
      Promise.resolve()
        .then(() => route(recorded, res, { count, nextFailure: () => failures.shift() }))
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
          res.end(error instanceof Error ? error.message : String(error));
        });
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (status, count = 1, retryAfter) => {
      for (let i = 0; i < count; i++) failures.push({ status, ...(retryAfter !== undefined && { retryAfter }) });
    },
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
