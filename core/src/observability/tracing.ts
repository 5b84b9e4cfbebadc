/**
 * OpenTelemetry spans through the vendor-neutral `@opentelemetry/api`. Core
 * only records; the SDK and an exporter are installed by the composition
 * root when `observability.tracing.enabled` is set. Without them every call
 * here goes to the API's no-op tracer: nothing is recorded or sent.
 *
 * Attributes carry ids, names of steps and counts only — never question
 * text, document text, file names or patient names (they may hold PHI).
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";
import { RoundsError } from "../errors/index.ts";

const tracer = () => trace.getTracer("rounds");

export interface SpanOptions {
  attributes?: Attributes;
  kind?: "internal" | "server" | "consumer" | "producer";
  /** Parent context (e.g. extracted from a job or request); default: the active one. */
  parent?: Context;
}

const kinds = { internal: SpanKind.INTERNAL, server: SpanKind.SERVER, consumer: SpanKind.CONSUMER, producer: SpanKind.PRODUCER } as const;

/** Runs `fn` inside a span that is active for everything it awaits; failures mark the span with an error code, not a message. */
export function withSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes: options.attributes ?? {}, kind: kinds[options.kind ?? "internal"] }, options.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      const code = RoundsError.isInstance(error) ? error.code : "INTERNAL";
      span.setAttribute("rounds.error.code", code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span that the caller ends (for work bracketed by hooks, like an HTTP request). */
export function startSpan(name: string, options: SpanOptions = {}): Span {
  return tracer().startSpan(name, { attributes: options.attributes ?? {}, kind: kinds[options.kind ?? "internal"] }, options.parent ?? context.active());
}

/** Calls `fn` with `span` active, returning whatever `fn` returns (sync or not). */
export function runInSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** The active trace context as W3C headers (`traceparent`), to carry it across a queue; empty when tracing is off. */
export function currentTraceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a carrier (job data, request headers) describes. */
export function contextFromCarrier(carrier: Record<string, unknown> | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier) : context.active();
}
