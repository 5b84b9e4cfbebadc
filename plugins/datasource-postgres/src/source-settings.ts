import { practiceSourceSettings } from "@rounds/core";
import { z } from "zod";

/** One organisation's practice database: the allow list, metrics and limits every SQL source shares, and how to reach it. */
export const sourceSettings = practiceSourceSettings.extend({
  /** Connection of the read-only login role (see the README's setup); never an owner's. */
  url: z.string().min(1),
}).strict();

export type SourceSettings = z.infer<typeof sourceSettings>;
