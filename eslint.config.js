// Lint rules that catch bugs and guard the architecture.
// - typescript-eslint's recommended and type-aware rule sets (recommendedTypeChecked)
//   on every TypeScript file, tests included: no floating or misused promises, no
//   `any` leaking through, no awaiting non-promises. Types come from the tsconfig
//   nearest each file through the TypeScript project service (one program per
//   tsconfig, shared across files: fast enough on 2 cores, see README "Lint").
// - `core/` never imports a vendor SDK; vendors live behind ports, in plugins.
import tseslint from "typescript-eslint";

const vendorSdks = [
  "@slack/*", "@microsoft/*",
  "discord.js", "@discordjs/*", "node-llama-cpp", "drizzle-orm", "drizzle-orm/*",
  "drizzle-kit", "@electric-sql/*", "postgres", "pg", "@aws-sdk/*", "openai",
  "@ai-sdk/openai", "ai", "openid-client", "oidc-provider",
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "admin-web/public/**", "drizzle/migrations/**", "test-artifacts/**", "bench/results/**", "bot/test/fixtures/lint/**", "**/dist/**"] },
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      // Off, deliberately: an `async` function without `await` is how a port's
      // implementation, a job handler or a fastify hook says "returns a promise"
      // (fastify calls a non-async hook with a `done` callback it must call, so
      // the rule's fix, dropping `async`, would hang requests). A missing
      // `await` where one is needed is what no-floating-promises catches.
      "@typescript-eslint/require-await": "off",
      // A late-bound reference (a closure reads it before the one assignment) stays `let`.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Tests read untyped JSON from real HTTP responses, files and fakes and
    // check it with `expect`: the assertion is the type check there. Source
    // code keeps these rules (its `any` must be narrowed or typed).
    files: ["**/*.test.ts", "**/test/**/*.ts", "**/testing/**/*.ts", "**/*.conformance.ts", "**/bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: vendorSdks, message: "core/ imports no vendor SDK: put it behind a port and implement it in plugins/ (see core/README.md)." }],
      }],
    },
  },
  // Core names no plugin: plugins are chosen by the composition root (bot) and
  // bring their own settings and environment variables in their manifests.
  {
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-syntax": ["error",
        { selector: "Literal[value=/@rounds\\u002Fplugin-/]", message: "core/ names no plugin: the composition root (bot) chooses plugins, and a plugin's settings live in its manifest." },
        { selector: "TemplateElement[value.raw=/@rounds\\u002Fplugin-/]", message: "core/ names no plugin: the composition root (bot) chooses plugins, and a plugin's settings live in its manifest." },
      ],
    },
  },
);
