/**
 * Prometheus metrics. One registry per process; domain code records through
 * the named metrics below (labels never carry identifiers or text).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "rounds_process_" });

export const metrics = {
  httpDuration: new Histogram({
    name: "rounds_http_request_duration_seconds", help: "HTTP request latency by route pattern and status.",
    labelNames: ["method", "route", "status"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  }),
  jobDuration: new Histogram({
    name: "rounds_job_duration_seconds", help: "Job run time by job name and outcome.",
    labelNames: ["job", "outcome"], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [metricsRegistry],
  }),
  queueDepth: new Gauge({
    name: "rounds_queue_depth", help: "Jobs waiting or active, by job name.", labelNames: ["job"], registers: [metricsRegistry],
  }),
  answers: new Counter({
    name: "rounds_answers_total", help: "Answers by kind (generated, extractive, refusal).", labelNames: ["kind"], registers: [metricsRegistry],
  }),
  refusals: new Counter({
    name: "rounds_refusals_total", help: "Refusals by reason.", labelNames: ["reason"], registers: [metricsRegistry],
  }),
  tokensPerSecond: new Gauge({
    name: "rounds_generation_tokens_per_second", help: "Tokens per second of the last local generation, by model.", labelNames: ["model"], registers: [metricsRegistry],
  }),
};
