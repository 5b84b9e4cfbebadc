import { setFlagsFromString } from "node:v8";

/**
 * A one-off command (`ask`, `docs list`, `ingest`, `demo`…) runs PGlite —
 * PostgreSQL compiled to WebAssembly — for a second or a few. V8 compiles
 * WebAssembly twice: at once with its baseline compiler (Liftoff), then hot
 * functions again in the background with its optimising one (TurboFan). A
 * short process never earns that second compile back: on the warm demo folder
 * it was about 1.2 s of the 2.4 s of CPU an `ask` took, and `demo` ran in 15 s
 * instead of 23 s without it (measured in `bot/README.md`). So one-off commands
 * keep the baseline code only; long-running ones (`serve`, `worker`) keep the
 * optimising tier, whose faster code pays back over hours of queries.
 *
 * The flag is read when a WebAssembly module is compiled, so it must be set
 * before the database opens; it applies to the whole process.
 */
export function baselineWasmOnly(): void {
  setFlagsFromString("--liftoff-only");
}
