/** Test doubles and conformance suites for every port. Import from `@rounds/core/testing`. */
export * from "./fakes/index.ts";
export * from "./conformance/index.ts";
export { syntheticQaSeedSql } from "./synthetic-qa.ts";
export { markerJob } from "./marker-job.ts";
export { inCi, serviceFromEnv } from "./service-env.ts";
export { startRecordingServer, sendJson, type RecordedRequest, type RecordingServer, type RecordingRoute, type RecordingServerState, type QueuedFailure } from "./recording-server.ts";
export { describeVendorFailures, expectCleanFailure, type VendorFailureCases } from "./vendor-failures.ts";
export { DEMO_SCHEMA_SQL, DEMO_TENANTS, demoPractice, demoSeedSql, type DemoTenant } from "./demo-practice.ts";
export { ATTACKS, type GuardrailAttack } from "./guardrail-attacks.ts";
export { expectDemoDifferencingPair } from "./demo-differencing.ts";
export { installEgressGuard, type EgressGuard, type EgressGuardOptions } from "./egress-guard.ts";
