/** The plugins Rounds runs with when the configuration names none: the offline embedded default. */
export const defaultPlugins = [
  "@rounds/plugin-blob-fs",
  "@rounds/plugin-parsers",
  "@rounds/plugin-lexical",
  "@rounds/plugin-deid",
];
