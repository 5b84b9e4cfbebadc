import { practiceSourceSettings } from "@rounds/core";
import { z } from "zod";

/**
 * One organisation's practice data in a PGlite folder: the allow list,
 * metrics and limits every SQL source shares; instead of a connection URL the
 * source names the folder (`dataDir`), which Rounds opens itself.
 */
export const sourceSettings = practiceSourceSettings.extend({
  /** The PGlite database folder (absolute, or relative to the working directory). Nothing else may have it open. */
  dataDir: z.string().min(1),
}).strict();

export type SourceSettings = z.infer<typeof sourceSettings>;

/** The role every query runs as (`SET LOCAL ROLE`), created by the setup. */
export const READER_ROLE = "rounds_reader";
