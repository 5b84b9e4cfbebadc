/**
 * Wraps a cloud `LanguageModel` so that its failures become Rounds errors
 * that say what happened and never what was asked. AI SDK provider errors
 * (`APICallError`) carry the request body, the response body and the
 * prompt; none of that is passed on, not even as `cause`: only the HTTP
 * status and, for 429, the seconds the vendor asked us to wait.
 * Vendor-neutral: it reads the error's fields by shape, importing no SDK.
 */
import { RoundsError } from "../errors/index.ts";
import type { LanguageModelV3, LanguageModelV3StreamPart } from "@ai-sdk/provider";

interface UpstreamShape { name?: string; statusCode?: number; status?: number; responseHeaders?: Record<string, string>; lastError?: UpstreamShape; type?: unknown }

/** `retry-after` is seconds or an HTTP date (RFC 9110 §10.2.3); `retry-after-ms` wins when present. */
function retryAfterSeconds(headers: Record<string, string> | undefined): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const ms = Number(get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 1000);
  const raw = get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The Rounds error for a provider failure: status-specific wording, no upstream text. */
export function upstreamModelError(vendor: string, keySetting: string, error: unknown): RoundsError {
  if (RoundsError.isInstance(error)) return error;
  const e = (error ?? {}) as UpstreamShape;
  const last = e.lastError ?? e;
  const status = last.statusCode ?? (typeof last.status === "number" ? last.status : undefined);
  const retryAfter = status === 429 ? retryAfterSeconds(last.responseHeaders) : undefined;
  // An error event inside a stream carries the vendor's error type (e.g. overloaded_error), no status.
  const type = !status && typeof e.type === "string" && /^[a-z_]{1,40}$/.test(e.type) ? e.type : undefined;
  const details = { vendor, ...(status && { upstreamStatus: status }), ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }), ...(type && { upstreamType: type }) };
  const message =
    status === 401 || status === 403 ? `The ${vendor} API refused the credentials (HTTP ${status}): check ${keySetting}.`
    : status === 429 ? `The ${vendor} API is rate limiting requests (HTTP 429)${retryAfter !== undefined ? `; it asks to retry after ${retryAfter} s` : ""}.`
    : status && status >= 500 ? `The ${vendor} API failed on its side (HTTP ${status}); try again later.`
    : status ? `The ${vendor} API rejected the request (HTTP ${status}).`
    : type ? `The ${vendor} API stopped the answer with an error (${type}).`
    : `The ${vendor} API could not be reached or answered something unreadable.`;
  return new RoundsError("UPSTREAM_FAILED", message, { details });
}

const isAbort = (error: unknown) => (error as { name?: string } | undefined)?.name === "AbortError";

/**
 * The same model, with `doGenerate`, `doStream` and in-stream `error` parts
 * turned into `upstreamModelError`. Everything else (provider, modelId,
 * supported URLs) is the wrapped model's own.
 */
export function guardLanguageModel<M extends LanguageModelV3>(model: M, vendor: string, keySetting: string): M {
  const fail = (error: unknown): never => {
    if (isAbort(error)) throw error;
    throw upstreamModelError(vendor, keySetting, error);
  };
  return Object.assign(Object.create(model) as M, {
    doGenerate: (options: Parameters<M["doGenerate"]>[0]) => Promise.resolve(model.doGenerate(options)).catch(fail),
    doStream: async (options: Parameters<M["doStream"]>[0]) => {
      const result = await Promise.resolve(model.doStream(options)).catch(fail);
      const stream = result.stream.pipeThrough(new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
        transform(part, controller) {
          controller.enqueue(part.type === "error" ? { type: "error", error: upstreamModelError(vendor, keySetting, part.error) } : part);
        },
      }));
      return { ...result, stream };
    },
  });
}
