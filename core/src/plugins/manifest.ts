/**
 * The plugin manifest: the `rounds` field of a plugin's package.json. Like a
 * VS Code extension's `contributes`, it is the contract: `activate(ctx)` must
 * register exactly the ids listed here, and the host uses it to activate
 * lazily and to refuse egress on the on-prem tier.
 */
import { z } from "zod";

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "ids are lower-case letters, digits, '.', '_' or '-'");
const roles = z.array(z.enum(["admin", "clinician", "patient", "auditor"])).min(1);

const simple = z.object({ id, title: z.string().optional() }).strict();

export const commandContribution = z.object({
  id,
  title: z.string(),
  description: z.string().optional(),
  /** Who may run it; checked identically in every channel. */
  roles,
  /** Usage line shown in help, e.g. `ask <question>`. */
  usage: z.string().optional(),
  /** JSON Schema of structured arguments for the API route. */
  args: z.record(z.string(), z.unknown()).optional(),
}).strict();

export const contributesSchema = z.object({
  blobStores: z.array(simple).optional(),
  parsers: z.array(z.object({ id, mediaTypes: z.array(z.string().min(3)).min(1), title: z.string().optional() }).strict()).optional(),
  embedders: z.array(simple).optional(),
  languageModels: z.array(simple).optional(),
  retrievalIndexes: z.array(simple).optional(),
  trainers: z.array(simple).optional(),
  classifiers: z.array(simple).optional(),
  deidentifiers: z.array(simple).optional(),
  transcribers: z.array(simple).optional(),
  channels: z.array(simple).optional(),
  /** Practice databases asked read-only (`data <question>`). */
  dataSources: z.array(simple).optional(),
  signOnProviders: z.array(simple).optional(),
  commands: z.array(commandContribution).optional(),
  /** JSON Schema (object) of this plugin's settings, validated at activation. */
  configuration: z.record(z.string(), z.unknown()).optional(),
}).strict();

export const manifestSchema = z.object({
  displayName: z.string(),
  description: z.string().optional(),
  /**
   * `onStartup` activates at boot; otherwise the plugin activates the first
   * time one of its contributions is asked for (VS Code's implied events).
   */
  activationEvents: z.array(z.string()).optional(),
  /** True when the plugin sends data off the machine; refused on `tier: on-prem`. */
  egress: z.boolean().optional(),
  contributes: contributesSchema,
}).strict();

export type PluginManifest = z.infer<typeof manifestSchema>;
export type Contributes = z.infer<typeof contributesSchema>;
export type CommandContribution = z.infer<typeof commandContribution>;

/** Contribution points that register a port implementation by id. */
export const contributionKinds = [
  "blobStores", "parsers", "embedders", "languageModels", "retrievalIndexes", "trainers",
  "classifiers", "deidentifiers", "transcribers", "channels", "dataSources", "signOnProviders",
  "commands",
] as const;
export type ContributionKind = (typeof contributionKinds)[number];

export interface LoadedManifest {
  /** npm package name. */
  name: string;
  version: string;
  /** Folder the package lives in. */
  dir: string;
  manifest: PluginManifest;
}
