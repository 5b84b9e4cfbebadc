export * from "./fake-connector.ts";
export * from "./fake-microsoft.ts";
export * from "./helpers.ts";
