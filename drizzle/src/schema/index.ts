export * from "./tenancy.ts";
export * from "./people.ts";
export * from "./consent.ts";
export * from "./knowledge.ts";
export * from "./conversations.ts";
export * from "./training.ts";
export * from "./operations.ts";
export * from "./data-metrics.ts";
