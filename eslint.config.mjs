// The lint gate (npm run lint): typescript-eslint's type-checked rules on TypeScript, ESLint's
// recommended rules on JavaScript, and the layers of both packages as import boundaries.
// Formatting is Prettier's job (npm run format:check); eslint-config-prettier turns off the rules it owns.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

/** `no-restricted-imports`: a folder may not import modules whose specifier matches one of these regexes. */
const forbid = (...rules) => ({
  "no-restricted-imports": ["error", { patterns: rules.map(([regex, message]) => ({ regex, message })) }],
});

/** A relative import of one of the platform's folders (or the composition root `platform.ts`). */
const platformFolder = (...names) => `^\\.{1,2}/(?:\\.\\./)*(?:${names.join("|")})(?:/|$)`;
const NETWORK = "^(?:node:)?(?:http|https|net|tls)$|^undici(?:/|$)";

export default tseslint.config(
  {
    ignores: ["**/node_modules/", "**/dist/", "coverage/", "packages/toolbelt/test/package/fixtures/", "**/*.d.mts"],
  },
  js.configs.recommended,
  {
    files: ["**/*.{js,cjs,mjs}"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["**/*.cjs", "bin/**/*.js", "packages/*/bin/**/*.js", "examples/**/*.js", "packages/platform/templates/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
  },
  {
    files: ["**/*.ts", "**/*.mts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ["vitest.config.ts"] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // An async function without await is how a Promise-returning method here turns a synchronous throw into a
      // rejection (and how fakes implement async interfaces); the rule would have us write Promise.reject by hand.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // The dashboard (packages/platform/dashboard): browser code, TypeScript with JSX (Preact), its own tsconfig.
    files: ["packages/platform/dashboard/**/*.{ts,tsx}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests drive code with loose inputs on purpose and read JSON answers.
    files: ["**/*.test.ts", "packages/*/test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
  // --- layers of the toolbelt: egress/ is the one network door; the toolbelt never imports the platform.
  {
    files: ["packages/toolbelt/src/**/*.ts"],
    ignores: ["packages/toolbelt/src/egress/**"],
    rules: forbid(
      [NETWORK, "Only src/egress/ opens connections: take the request core as a dependency."],
      ["^lp-faas-platform(?:/|$)", "The toolbelt never imports the platform."],
      ["^(?:request|request-promise|request-promise-native|dropin-request)(?:/|$)", "The deprecated request family is never used."],
    ),
  },
  {
    files: ["packages/toolbelt/src/platform/**/*.ts"],
    rules: forbid(["^\\.\\./", "The platform contract stands alone: it imports nothing else of the toolbelt."]),
  },
  // --- layers of the platform: errors ← http ← services ← platform.ts ← kit ← cli; domain folders below services.
  {
    files: ["packages/platform/src/errors/**/*.ts", "packages/platform/src/defaults.ts"],
    rules: forbid(["^\\.\\./", "errors/ and defaults.ts are leaves: they import no other platform module."]),
  },
  {
    files: ["packages/platform/src/http/**/*.ts"],
    rules: forbid([
      platformFolder("services", "platform", "cli", "runtime", "state", "project", "auth", "conversations", "invocations"),
      "http/ is the HTTP leaf: it imports only errors/ and defaults.",
    ]),
  },
  {
    files: ["packages/platform/src/{auth,conversations,invocations,state,project,runtime}/**/*.ts"],
    rules: forbid([
      platformFolder("http", "services", "platform", "kit", "cli"),
      "Domain modules sit below the services: no HTTP plumbing, no routes, no kit, no CLI.",
    ]),
  },
  {
    files: ["packages/platform/src/services/**/*.ts"],
    rules: forbid([
      platformFolder("platform", "kit", "cli"),
      "Services are mounted by the composition root (src/platform.ts); they never import it, the kit or the CLI.",
    ]),
  },
  {
    files: ["packages/platform/src/kit/**/*.ts", "packages/platform/src/index.ts"],
    rules: forbid([
      platformFolder("http", "services", "cli"),
      "The testing kit starts the engine (platform.ts) and calls the platform's HTTP API, as users do: no routes, no HTTP plumbing, no CLI.",
    ]),
  },
  prettier,
);
