// Lint rules that guard the architecture. The one that matters most: `core/`
// never imports a vendor SDK; vendors live behind ports, in plugins.
import tseslint from "typescript-eslint";

const vendorSdks = [
  "@slack/*", "botbuilder", "botbuilder-*", "botframework-*", "@microsoft/*",
  "discord.js", "@discordjs/*", "node-llama-cpp", "drizzle-orm", "drizzle-orm/*",
  "drizzle-kit", "@electric-sql/*", "postgres", "pg", "@aws-sdk/*", "openai",
  "@ai-sdk/openai", "ai",
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "admin-web/public/**", "drizzle/migrations/**", "test-artifacts/**", "bench/results/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-floating-promises": "off",
      "no-console": "off",
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
