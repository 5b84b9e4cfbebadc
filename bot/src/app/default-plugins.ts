/** The plugins Rounds runs with when the configuration names none: the offline embedded default (no egress). */
export const defaultPlugins = [
  "@rounds/plugin-blob-fs",
  "@rounds/plugin-parsers",
  "@rounds/plugin-lexical",
  "@rounds/plugin-deid",
  // The risk screen's sentence-embedding classifier reads this embedder's vectors (notes.riskEmbeddingClassifier). It is
  // registered, not the retrieval embedder (models.embedder stays the hashed default); its model files ship in an npm
  // package and load on the first note, not at start.
  "@rounds/plugin-embedder-use",
];
