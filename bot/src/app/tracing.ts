/**
 * OpenTelemetry SDK, started only when `observability.tracing.enabled` is
 * set: a Node tracer provider (async-context propagation, W3C trace context)
 * exporting batches over OTLP/HTTP. Core records spans through
 * `@opentelemetry/api` alone; with no provider registered those calls are
 * no-ops. The provider is process-wide: apps in one process share it, and
 * the last one to close flushes and removes it.
 */
import { context, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { RoundsConfig } from "@rounds/core";

let active: { provider: NodeTracerProvider; users: number } | undefined;

/** Starts tracing for this process (once) and returns the app's share of it: close() flushes, the last close shuts it down. */
export function startTracing(settings: RoundsConfig["observability"]["tracing"]): { close(): Promise<void> } {
  if (!active) {
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ "service.name": settings.serviceName }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.endpoint.replace(/\/+$/, "")}/v1/traces` }), { scheduledDelayMillis: 1000 })],
    });
    provider.register();
    active = { provider, users: 0 };
  }
  const mine = active;
  mine.users++;
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      await mine.provider.forceFlush();
      if (--mine.users > 0) return;
      if (active === mine) active = undefined;
      await mine.provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
