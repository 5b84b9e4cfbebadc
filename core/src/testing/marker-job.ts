import { appendFileSync } from "node:fs";
import { z } from "zod";
import { defineJob } from "../jobs/job-definition.ts";

/**
 * For the killed-worker tests: in a process started with ROUNDS_TEST_HANG=1
 * the handler announces itself and never finishes; elsewhere it appends one
 * line to the marker file, so "exactly once" is the file's line count.
 */
export const markerJob = defineJob({
  name: "test.marker",
  version: 1,
  payload: z.object({ marker: z.string() }),
  attempts: 3,
  backoffMs: 50,
  handler: async () => async (p) => {
    if (process.env.TEST_HANG === "1") {
      process.stdout.write("CLAIMED\n");
      await new Promise(() => {});
    }
    appendFileSync(p.marker, "done\n");
    return "ok";
  },
});
