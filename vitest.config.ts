import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // In-process imports of the toolbelt (the platform's server and CLI) use its source; worker
    // processes and the package test use the built package, as users do.
    alias: [
      { find: /^lp-faas-toolbelt\/v2$/, replacement: fileURLToPath(new URL("./packages/toolbelt/src/v2/index.ts", import.meta.url)) },
      { find: /^lp-faas-toolbelt\/worker$/, replacement: fileURLToPath(new URL("./packages/toolbelt/src/worker/index.ts", import.meta.url)) },
      { find: /^lp-faas-toolbelt\/platform$/, replacement: fileURLToPath(new URL("./packages/toolbelt/src/platform/index.ts", import.meta.url)) },
      { find: /^lp-faas-toolbelt$/, replacement: fileURLToPath(new URL("./packages/toolbelt/src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "examples/test/**/*.test.ts"],
    // Integration tests start real servers; keep files isolated in forks (process-wide config and rate limits).
    pool: "forks",
    // examples/test imports lp-faas-platform as a user's project does: its built package (the workspace link
    // points into the repository, which vite would otherwise transform as source), loaded by Node.
    server: { deps: { external: [/\/packages\/platform\/dist\//] } },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The process-wide configuration must not leak from the developer's shell into tests.
    env: {
      BRAND_ID: "",
      LAMBDA_UUID: "",
      CSDS_DOMAIN: "",
      LP_FAAS_PLATFORM_URL: "",
      HTTPS_PROXY: "",
      HTTP_PROXY: "",
      NO_PROXY: "",
      https_proxy: "",
      http_proxy: "",
      no_proxy: "",
      LP_FAAS_RATE_LIMIT: "",
      LP_FAAS_EGRESS: "",
      X_LIVEPERSON_BRAND_ID: "",
      X_LIVEPERSON_CSDS_DOMAIN: "",
      X_LIVEPERSON_FUNCTION_UUID: "",
    },
  },
});
