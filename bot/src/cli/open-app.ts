import type { createApp } from "../app/create-app.ts";

/**
 * Opens the application, loading the database and plugin machinery only
 * when a command runs, so `rounds --help` and argument errors stay fast.
 */
export const openApp: typeof createApp = async (...args) => (await import("../app/create-app.ts")).createApp(...args);
