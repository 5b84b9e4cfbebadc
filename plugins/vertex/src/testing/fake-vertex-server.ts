/**
 * A local server speaking Google Cloud's wire formats (the real services
 * cannot be reached from here), on one port:
 *
 * - OAuth 2.0 token endpoint (`POST /token`): the service-account JWT bearer
 *   grant (RFC 7523): `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`
 *   and an RS256 `assertion` whose signature is verified with the key pair's
 *   public key and whose claims (`iss`, `aud`, `scope`, `iat`, `exp`) are
 *   checked; answers `{access_token, expires_in, token_type}` or Google's
 *   `{error, error_description}`.
 * - Vertex AI `generateContent` and `streamGenerateContent?alt=sse` on
 *   `/v1/projects/{p}/locations/{l}/publishers/google/models/{m}` and on tuned
 *   endpoints `/v1/projects/{p}/locations/{l}/endpoints/{e}`, the body checked
 *   field by field against the documented `GenerateContentRequest`
 *   (https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints/generateContent):
 *   an unknown field is answered 400 `INVALID_ARGUMENT` ("Invalid JSON payload
 *   received. Unknown name …"), as the real API does, and recorded in `violations`.
 * - Cloud Storage JSON API media upload (`POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name=…`),
 *   answering the object resource (`kind: storage#object`, `size` as a string, `md5Hash`, `crc32c`…).
 * - Vertex AI tuning jobs (`POST /v1/projects/{p}/locations/{l}/tuningJobs`,
 *   `GET /v1/{name}`, `POST /v1/{name}:cancel`) with the documented
 *   `TuningJob` fields; each GET moves a job one state on
 *   (PENDING → RUNNING → SUCCEEDED: the first read still finds it pending), or to FAILED with a `google.rpc.Status` error when told.
 *
 * Every API call needs `Authorization: Bearer <a token this server issued>`.
 * Failures use Google's error body `{"error":{code,message,status}}` and echo
 * the request, to prove Rounds never passes vendor text on; 429 can carry `retry-after`.
 */
import { createHash, generateKeyPairSync, randomUUID, verify } from "node:crypto";
import type { ServerResponse } from "node:http";
import { startRecordingServer, type RecordedRequest } from "@rounds/core/testing";

export type { RecordedRequest };

export const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

export interface FakeTuningJob {
  name: string;
  body: Record<string, unknown>;
  state: string;
  polls: number;
  createTime: string;
  /** When set, the next poll fails the job with this reason. */
  failWith?: string;
}

export interface FakeVertex {
  /** Origin of the server, `http://127.0.0.1:<port>`. */
  url: string;
  project: string;
  location: string;
  /** A service-account key file's JSON (a fresh RSA key; `token_uri` points here). */
  serviceAccountKey: Record<string, string>;
  requests: RecordedRequest[];
  /** Schema violations found in requests (each also answered 400). */
  violations: string[];
  /** Access tokens this server issued. */
  issuedTokens: string[];
  /** Uploaded objects: `bucket/name` → bytes. */
  objects: Map<string, Buffer>;
  tuningJobs: Map<string, FakeTuningJob>;
  /** Next replies (the last one repeats). */
  replies: string[];
  /** Make the next N API requests fail with this status (429 can carry `retry-after`). */
  failNext(status: number, count?: number, retryAfter?: string): void;
  /** The next created tuning job fails on its second poll with this reason. */
  failNextTuningJob(reason: string): void;
  close(): Promise<void>;
}

const STATUS: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE" };
const REQUEST_FIELDS = new Set(["contents", "systemInstruction", "cachedContent", "tools", "toolConfig", "labels", "safetySettings", "modelArmorConfig", "generationConfig"]);
const GENERATION_FIELDS = new Set(["temperature", "topP", "topK", "candidateCount", "maxOutputTokens", "presencePenalty", "frequencyPenalty", "stopSequences", "responseLogprobs", "logprobs", "responseMimeType", "responseSchema", "responseJsonSchema", "seed", "routingConfig", "audioTimestamp", "responseModalities", "mediaResolution", "speechConfig", "thinkingConfig", "imageConfig", "enableAffectiveDialog"]);
const PART_FIELDS = new Set(["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "thought", "thoughtSignature", "videoMetadata"]);
const TUNING_FIELDS = new Set(["baseModel", "supervisedTuningSpec", "tunedModelDisplayName", "description", "labels", "encryptionSpec", "serviceAccount", "preTunedModel", "preferenceOptimizationSpec"]);
const SFT_FIELDS = new Set(["trainingDatasetUri", "validationDatasetUri", "hyperParameters", "exportLastCheckpointOnly", "tuningMode"]);
const HYPER_FIELDS = new Set(["epochCount", "learningRateMultiplier", "adapterSize", "batchSize", "learningRate"]);

const str = (v: unknown): string => (typeof v === "string" || typeof v === "number" ? String(v) : JSON.stringify(v) ?? "");
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const unknownName = (path: string, k: string) => `Invalid JSON payload received. Unknown name "${k}" at '${path}': Cannot find field.`;

/** The documented `GenerateContentRequest`, as far as the AI SDK's requests reach. */
export function checkGenerateContentRequest(body: unknown): string[] {
  const bad: string[] = [];
  if (!isObject(body)) return ["Invalid JSON payload received. Expected an object."];
  for (const k of Object.keys(body)) if (!REQUEST_FIELDS.has(k)) bad.push(unknownName("", k));
  const checkContent = (c: unknown, path: string, roles: string[]) => {
    if (!isObject(c)) return void bad.push(`${path}: must be a Content object`);
    for (const k of Object.keys(c)) if (k !== "role" && k !== "parts") bad.push(unknownName(path, k));
    if (c.role !== undefined && !roles.includes(str(c.role))) bad.push(`${path}.role: must be one of ${roles.join(", ")}`);
    if (!Array.isArray(c.parts) || c.parts.length === 0) return void bad.push(`${path}.parts: must contain at least one part`);
    c.parts.forEach((p: unknown, j) => {
      if (!isObject(p)) return void bad.push(`${path}.parts[${j}]: must be a Part object`);
      for (const k of Object.keys(p)) if (!PART_FIELDS.has(k)) bad.push(unknownName(`${path}.parts[${j}]`, k));
      if (p.text !== undefined && typeof p.text !== "string") bad.push(`${path}.parts[${j}].text: must be a string`);
    });
  };
  if (!Array.isArray(body.contents) || body.contents.length === 0) bad.push("contents: Unable to submit request because it has an empty contents field.");
  else body.contents.forEach((c: unknown, i) => checkContent(c, `contents[${i}]`, ["user", "model"]));
  // The role of a system instruction is ignored by the API; the SDK leaves it out.
  if (body.systemInstruction !== undefined) checkContent(body.systemInstruction, "system_instruction", ["user", "system"]);
  const g = body.generationConfig;
  if (g !== undefined) {
    if (!isObject(g)) bad.push("generation_config: must be an object");
    else {
      for (const k of Object.keys(g)) if (!GENERATION_FIELDS.has(k)) bad.push(unknownName("generation_config", k));
      if (g.temperature !== undefined && (typeof g.temperature !== "number" || g.temperature < 0 || g.temperature > 2)) bad.push("generation_config.temperature: must be in [0, 2]");
      if (g.maxOutputTokens !== undefined && (!Number.isInteger(g.maxOutputTokens) || (g.maxOutputTokens as number) < 1)) bad.push("generation_config.max_output_tokens: must be a positive integer");
      if (g.responseMimeType !== undefined && !["text/plain", "application/json", "text/x.enum"].includes(str(g.responseMimeType))) bad.push("generation_config.response_mime_type: unsupported");
      if ((g.responseSchema !== undefined || g.responseJsonSchema !== undefined) && g.responseMimeType !== "application/json") bad.push("generation_config.response_schema: requires response_mime_type application/json");
      if (g.responseSchema !== undefined && !isObject(g.responseSchema)) bad.push("generation_config.response_schema: must be a Schema object");
    }
  }
  return bad;
}

/** The documented `TuningJob` create body (supervised tuning). */
export function checkTuningJob(body: unknown): string[] {
  const bad: string[] = [];
  if (!isObject(body)) return ["Invalid JSON payload received. Expected an object."];
  for (const k of Object.keys(body)) if (!TUNING_FIELDS.has(k)) bad.push(unknownName("", k));
  if (typeof body.baseModel !== "string" || !body.baseModel) bad.push("base_model: required");
  const s = body.supervisedTuningSpec;
  if (!isObject(s)) return [...bad, "supervised_tuning_spec: required"];
  for (const k of Object.keys(s)) if (!SFT_FIELDS.has(k)) bad.push(unknownName("supervised_tuning_spec", k));
  for (const k of ["trainingDatasetUri", "validationDatasetUri"]) {
    if (s[k] !== undefined && !/^gs:\/\/[a-z0-9][a-z0-9._-]{1,221}\/.+\.jsonl$/.test(str(s[k]))) bad.push(`supervised_tuning_spec.${k}: must be a gs:// URI of a JSONL file`);
  }
  if (s.trainingDatasetUri === undefined) bad.push("supervised_tuning_spec.training_dataset_uri: required");
  const h = s.hyperParameters;
  if (h !== undefined) {
    if (!isObject(h)) bad.push("supervised_tuning_spec.hyper_parameters: must be an object");
    else {
      for (const k of Object.keys(h)) if (!HYPER_FIELDS.has(k)) bad.push(unknownName("supervised_tuning_spec.hyper_parameters", k));
      // int64 fields are strings or numbers in proto3 JSON.
      if (h.epochCount !== undefined && !/^\d+$/.test(str(h.epochCount))) bad.push("hyper_parameters.epoch_count: must be an integer");
      if (h.learningRateMultiplier !== undefined && typeof h.learningRateMultiplier !== "number") bad.push("hyper_parameters.learning_rate_multiplier: must be a number");
      if (h.adapterSize !== undefined && !/^ADAPTER_SIZE_(ONE|TWO|FOUR|EIGHT|SIXTEEN|THIRTY_TWO)$/.test(str(h.adapterSize))) bad.push("hyper_parameters.adapter_size: unknown enum value");
    }
  }
  if (body.tunedModelDisplayName !== undefined && (typeof body.tunedModelDisplayName !== "string" || body.tunedModelDisplayName.length > 128)) bad.push("tuned_model_display_name: at most 128 characters");
  return bad;
}

const b64url = (s: string) => Buffer.from(s, "base64url");

export async function startFakeVertex(options: { project?: string; location?: string } = {}): Promise<FakeVertex> {
  const project = options.project ?? "rounds-test";
  const location = options.location ?? "us-central1";
  const projectNumber = "123456789012";
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyId = randomUUID().replace(/-/g, "");
  const clientEmail = `rounds-tuner@${project}.iam.gserviceaccount.com`;
  const violations: string[] = [];
  const issuedTokens: string[] = [];
  const objects = new Map<string, Buffer>();
  const tuningJobs = new Map<string, FakeTuningJob>();
  const state = { replies: ["Hello from the fake Gemini."], failJob: undefined as string | undefined };

  const fail = (res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(code, { "content-type": "application/json; charset=UTF-8", ...headers });
    res.end(JSON.stringify({ error: { code, message, status: STATUS[code] ?? "UNKNOWN" } }));
  };
  const ok = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
    res.end(JSON.stringify(body));
  };

  const token = (req: RecordedRequest, res: ServerResponse) => {
    const oauthError = (error: string, description: string) => {
      res.writeHead(400, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error, error_description: description }));
    };
    if (!(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) return oauthError("invalid_request", "Invalid content type.");
    const form = new URLSearchParams(req.body.toString());
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return oauthError("unsupported_grant_type", "Invalid grant_type.");
    const [h, p, s] = (form.get("assertion") ?? "").split(".");
    if (!h || !p || !s) return oauthError("invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.");
    const header = JSON.parse(b64url(h).toString()) as Record<string, unknown>;
    const claims = JSON.parse(b64url(p).toString()) as Record<string, unknown>;
    if (header.alg !== "RS256") return oauthError("invalid_grant", "Invalid JWT: alg must be RS256.");
    if (!verify("RSA-SHA256", Buffer.from(`${h}.${p}`), publicKey, b64url(s))) return oauthError("invalid_grant", "Invalid JWT Signature.");
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== clientEmail) return oauthError("invalid_grant", "Invalid JWT: iss is not a known service account.");
    if (claims.aud !== GOOGLE_TOKEN_AUDIENCE) return oauthError("invalid_grant", "Invalid JWT: aud must be the token endpoint.");
    if (typeof claims.iat !== "number" || typeof claims.exp !== "number" || claims.exp - claims.iat > 3600 || Math.abs(claims.iat - now) > 300) return oauthError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
    if (!str(claims.scope ?? "").split(" ").includes(CLOUD_PLATFORM)) return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    const accessToken = `ya29.fake-${randomUUID()}`;
    issuedTokens.push(accessToken);
    ok(res, { access_token: accessToken, expires_in: 3599, token_type: "Bearer" });
  };

  const jobJson = (job: FakeTuningJob) => {
    const id = job.name.split("/").pop()!;
    const spec = job.body.supervisedTuningSpec as Record<string, unknown>;
    const t = (n: number) => new Date(Date.parse(job.createTime) + n * 60_000).toISOString();
    const running = job.state !== "JOB_STATE_PENDING";
    const endpoint = `projects/${projectNumber}/locations/${location}/endpoints/${id}0`;
    return {
      name: job.name, tunedModelDisplayName: job.body.tunedModelDisplayName, baseModel: job.body.baseModel, supervisedTuningSpec: spec,
      state: job.state, createTime: job.createTime, updateTime: t(job.polls), ...(running && { startTime: t(1) }),
      ...(["JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED"].includes(job.state) && { endTime: t(job.polls) }),
      ...(job.state === "JOB_STATE_FAILED" && { error: { code: 3, message: job.failWith, details: [] } }),
      ...(running && job.state !== "JOB_STATE_FAILED" && {
        tuningDataStats: { supervisedTuningDataStats: { tuningDatasetExampleCount: "4", totalBillableTokenCount: "1200", tuningStepCount: "8" } },
      }),
      ...(job.state === "JOB_STATE_SUCCEEDED" && {
        tunedModel: {
          model: `projects/${projectNumber}/locations/${location}/models/${id}@1`, endpoint,
          checkpoints: [1, 2].map((epoch) => ({ checkpointId: String(epoch), epoch: String(epoch), step: String(epoch * 4), ...(epoch === 2 && { endpoint }) })),
        },
        experiment: `projects/${projectNumber}/locations/${location}/metadataStores/default/contexts/tuning-experiment-${id}`,
      }),
    };
  };

  const generate = (req: RecordedRequest, res: ServerResponse, model: string, stream: boolean, counter: number) => {
    const bad = checkGenerateContentRequest(req.json);
    if (bad.length) {
      violations.push(...bad);
      return fail(res, 400, bad.join("; "));
    }
    const text = state.replies.length > 1 ? state.replies.shift()! : state.replies[0]!;
    const base = { modelVersion: model, createTime: new Date().toISOString(), responseId: `resp-${counter}` };
    const usage = { promptTokenCount: 25, candidatesTokenCount: text.split(/\s+/).length, totalTokenCount: 25 + text.split(/\s+/).length, trafficType: "ON_DEMAND" };
    if (!stream) return ok(res, { candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", avgLogprobs: -0.1 }], usageMetadata: usage, ...base });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const pieces = text.split(/(?<=\s)/);
    pieces.forEach((piece, i) => {
      const last = i === pieces.length - 1;
      // Vertex sends each chunk as a whole GenerateContentResponse; the last carries the finish reason and usage.
      res.write(`data: ${JSON.stringify({ candidates: [{ content: { role: "model", parts: [{ text: piece }] }, ...(last && { finishReason: "STOP" }) }], ...(last && { usageMetadata: usage }), ...base })}\r\n\r\n`);
    });
    res.end();
  };

  const server = await startRecordingServer((req, res, { count, nextFailure }) => {
    if (req.method === "POST" && req.path === "/token") return token(req, res);
    const failure = nextFailure();
    // The real API's messages may quote the request; this one does, to prove Rounds never passes them on.
    if (failure) return fail(res, failure.status, `fake failure echoing input: ${req.body.toString().slice(0, 300)}`, failure.retryAfter ? { "retry-after": failure.retryAfter } : {});
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !issuedTokens.includes(bearer)) return fail(res, 401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    const scope = `/v1/projects/(?:${project}|${projectNumber})/locations/${location}`;

    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(req.path);
    if (upload && req.method === "POST") {
      if (req.query.uploadType !== "media") return fail(res, 400, "Upload requests must include an uploadType URL parameter and a URL path beginning with /upload/");
      const name = req.query.name;
      if (!name) return fail(res, 400, "Required parameter: name");
      const bucket = upload[1]!;
      objects.set(`${bucket}/${name}`, req.body);
      const generation = String(Date.now() * 1000);
      return ok(res, {
        kind: "storage#object", id: `${bucket}/${name}/${generation}`, selfLink: `https://www.googleapis.com/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}`,
        mediaLink: `https://storage.googleapis.com/download/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}?generation=${generation}&alt=media`,
        name, bucket, generation, metageneration: "1", contentType: req.headers["content-type"] ?? "application/octet-stream", storageClass: "STANDARD",
        size: String(req.size), md5Hash: createHash("md5").update(req.body).digest("base64"), crc32c: "AAAAAA==", etag: "CAE=",
        timeCreated: new Date().toISOString(), updated: new Date().toISOString(), timeStorageClassUpdated: new Date().toISOString(),
      });
    }

    const model = new RegExp(`^${scope}/(publishers/google/models/[\\w.-]+|endpoints/\\d+):(generateContent|streamGenerateContent)$`).exec(req.path);
    if (model && req.method === "POST") {
      const stream = model[2] === "streamGenerateContent";
      if (stream && req.query.alt !== "sse") return fail(res, 400, "streamGenerateContent over HTTP needs alt=sse for server-sent events");
      if (model[1]!.startsWith("endpoints/") && ![...tuningJobs.values()].some((j) => j.state === "JOB_STATE_SUCCEEDED" && jobJson(j).tunedModel?.endpoint.endsWith(model[1]!))) {
        return fail(res, 404, `Endpoint \`${model[1]}\` not found.`);
      }
      return generate(req, res, model[1]!, stream, count);
    }

    if (req.path === `/v1/projects/${project}/locations/${location}/tuningJobs` && req.method === "POST") {
      const bad = checkTuningJob(req.json);
      if (bad.length) {
        violations.push(...bad);
        return fail(res, 400, bad.join("; "));
      }
      const spec = req.json!.supervisedTuningSpec as Record<string, string>;
      for (const uri of [spec.trainingDatasetUri, spec.validationDatasetUri].filter(Boolean)) {
        if (!objects.has(uri!.slice("gs://".length))) return fail(res, 400, `Failed to read ${uri}: No such object.`);
      }
      const job: FakeTuningJob = {
        name: `projects/${projectNumber}/locations/${location}/tuningJobs/${9000 + tuningJobs.size + 1}`, body: req.json!, state: "JOB_STATE_PENDING", polls: 0,
        createTime: new Date().toISOString(), ...(state.failJob && { failWith: state.failJob }),
      };
      state.failJob = undefined;
      tuningJobs.set(job.name, job);
      return ok(res, jobJson(job));
    }
    const jobPath = new RegExp(`^${scope}/tuningJobs/(\\d+)(:cancel)?$`).exec(req.path);
    if (jobPath) {
      const job = tuningJobs.get(`projects/${projectNumber}/locations/${location}/tuningJobs/${jobPath[1]}`);
      if (!job) return fail(res, 404, `The TuningJob does not exist.`);
      if (jobPath[2] && req.method === "POST") {
        if (["JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED"].includes(job.state)) return fail(res, 400, `TuningJob ${job.name} is in state ${job.state} and cannot be cancelled.`);
        job.state = "JOB_STATE_CANCELLED";
        return ok(res, {});
      }
      if (!jobPath[2] && req.method === "GET") {
        if (["JOB_STATE_PENDING", "JOB_STATE_RUNNING"].includes(job.state)) {
          job.polls++;
          job.state = job.failWith && job.polls >= 2 ? "JOB_STATE_FAILED" : ["JOB_STATE_PENDING", "JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED"][Math.min(2, job.polls - 1)]!;
        }
        return ok(res, jobJson(job));
      }
    }
    return fail(res, 404, `The requested URL ${req.path} was not found on this server.`);
  });

  return {
    url: server.url, project, location,
    serviceAccountKey: {
      type: "service_account", project_id: project, private_key_id: privateKeyId, private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: clientEmail, client_id: "100000000000000000001", auth_uri: "https://accounts.google.com/o/oauth2/auth", token_uri: `${server.url}/token`,
      auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs", client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`, universe_domain: "googleapis.com",
    },
    requests: server.requests, violations, issuedTokens, objects, tuningJobs,
    get replies() { return state.replies; },
    set replies(v: string[]) { state.replies = v; },
    failNext: server.failNext,
    failNextTuningJob(reason) { state.failJob = reason; },
    close: server.close,
  };
}
