export { PluginHost, readPluginManifest, type PluginContext, type PluginModule, type PluginInfo, type PluginState, type InlinePlugin, type PluginHostOptions, type HostServices, type Tier } from "./host.ts";
export { manifestSchema, contributionKinds, type PluginManifest, type ContributionKind, type CommandContribution, type LoadedManifest } from "./manifest.ts";
export { pluginSettings, type PluginSetting, type SettingType } from "./plugin-settings.ts";
export type { Implementation, Registration, ContributionTypes } from "./registry.ts";
export { missingOptionalDependencies, requireOptionalDependencies } from "./optional-dependencies.ts";
export { ensurePdfjsNode20 } from "./pdfjs-node20.ts";
