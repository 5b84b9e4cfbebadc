// The package boundaries, as a check (`npm run lint` runs it over sources,
// tests and benches). What each rule protects is in README.md, "How it fits
// together"; tools/dependency-rules.test.ts shows every rule failing on a
// fixture. Packages: core, drizzle (@rounds/db), bot, admin-web, plugins/<name>;
// bench/ is the root's benchmark harness.
/** @type {import('dependency-cruiser').IConfiguration} */
const packages = "core|drizzle|bot|admin-web|plugins/[^/]+";
const testLike = "(\\.test\\.ts$|\\.config\\.ts$|/make-[a-z-]+\\.ts$|/test/|/testing/|/testing\\.ts$|/bench/|/eval/|/scripts/|/fixtures/)";

module.exports = {
  forbidden: [
    {
      name: "core-depends-on-no-workspace-package",
      comment: "core defines the ports; drizzle, plugins and bot implement or compose them. A core test that needs a real store lives in drizzle/test.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(drizzle|bot|admin-web|plugins)/|^node_modules/@rounds/" },
    },
    {
      name: "drizzle-depends-on-core-only",
      comment: "@rounds/db implements core's store interfaces and knows nothing of plugins or the bot.",
      severity: "error",
      from: { path: "^drizzle/" },
      to: { path: "^(bot|admin-web|plugins)/|^node_modules/@rounds/(?!core/)" },
    },
    {
      name: "plugin-depends-on-core-only",
      comment: "A plugin depends on core (and its own vendor SDKs) only: never on another plugin, the database or the bot.",
      severity: "error",
      from: { path: "^plugins/([^/]+)/" },
      to: { path: "^(bot|drizzle|admin-web|plugins)/|^node_modules/@rounds/(?!core/)", pathNot: "^plugins/$1/" },
    },
    {
      name: "no-relative-import-across-packages",
      comment: "Another package is reached by its name (and its published `testing` subpath for test helpers), never by a relative path.",
      severity: "error",
      from: { path: `^(${packages})/`, pathNot: "/bench/" },
      to: { dependencyTypes: ["local"], pathNot: "^$1/" },
    },
    {
      name: "bench-relative-imports-stay-home",
      comment: "A package's benches may import the root harness (bench/) by path, and nothing else of another package.",
      severity: "error",
      from: { path: `^(${packages})/bench/` },
      to: { dependencyTypes: ["local"], pathNot: "^($1/|bench/)" },
    },
    {
      name: "only-benches-use-the-bench-harness",
      comment: "bench/ is the benchmark harness; sources and tests do not depend on it.",
      severity: "error",
      from: { path: `^(${packages})/`, pathNot: "/bench/" },
      to: { path: "^bench/" },
    },
    {
      name: "no-undeclared-dependency",
      comment: "Every package imported is declared in the importing package's own package.json.",
      severity: "error",
      from: {},
      // An optional peer is declared; dependency-cruiser also tags it npm-no-pkg because it reads
      // `peerDependenciesMeta` as one more dependency list, hence the exception.
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"], dependencyTypesNot: ["npm-peer"] },
    },
    {
      name: "no-dev-dependency-in-sources",
      comment: "Shipped code uses dependencies, not devDependencies (tests, testing helpers and benches may). An optional vendor SDK is declared as an optional peer dependency (installed by whoever configures the plugin; the plugin host names it when missing) and repeated in devDependencies for the repository's own install.",
      severity: "error",
      from: { path: `^(${packages})/`, pathNot: testLike },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only", "npm-peer"] },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "/dist/|^drizzle/migrations/|^admin-web/public/|^test-artifacts/|^bench/results/|^tools/dependency-rules-fixtures/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    // Workspace packages are reached through their node_modules/@rounds/* links and
    // kept there, so an import of another package counts as an npm dependency that
    // its package.json must declare.
    preserveSymlinks: true,
    // `rounds-source` first: the TypeScript sources, as the typecheck and the tests see them (dist/ may not be built).
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["rounds-source", "import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
