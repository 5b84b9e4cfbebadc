#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a fresh clone needs no build step.
// Reached as node_modules/.bin/rounds (npx rounds), bot/bin/rounds.js, or a global link: it calls
// the CLI explicitly rather than relying on how the process was started.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../src/cli/main.ts");
await run();
