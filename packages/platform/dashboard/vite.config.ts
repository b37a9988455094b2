// The dashboard's build (scripts/build.mjs runs it with this folder as root): static files in
// ../dist/dashboard/, served by the platform itself at / (src/services/dashboard/). Preact through
// esbuild's automatic JSX runtime: no plugin needed, nothing fetched at run time.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  logLevel: "warn",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "../dist/dashboard",
    emptyOutDir: true,
    target: "es2022",
    assetsDir: "assets",
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
