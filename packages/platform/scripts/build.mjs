// Builds lp-faas-platform: TypeScript → CommonJS in dist/ (tsc -p tsconfig.json), then copies the
// runtime's plain JavaScript files (src/runtime/*.cjs, *.mjs: the worker entry and loader hooks,
// which run outside the TypeScript build) next to the compiled runtime in dist/runtime/, then writes
// the ES module entry dist/esm/index.mjs, which re-exports the CommonJS main entry's objects by name
// (one implementation for both module systems, so `instanceof PlatformApiError` holds in either).
// The dashboard (dashboard/, Preact) is built with Vite into dist/dashboard/ before that last step, and its
// size checked: the platform serves these static files itself, offline.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });

const runtimeSrc = join(root, "src", "runtime");
const runtimeDist = join(dist, "runtime");
mkdirSync(runtimeDist, { recursive: true });
const copied = readdirSync(runtimeSrc).filter((name) => /\.(cjs|mjs)$/.test(name) && !/\.test\./.test(name));
for (const name of copied) copyFileSync(join(runtimeSrc, name), join(runtimeDist, name));
console.log(`lp-faas-platform built: dist/ (${copied.length} runtime file${copied.length === 1 ? "" : "s"} copied: ${copied.join(", ") || "none"})`);

await buildDashboard();

const esm = join(dist, "esm");
mkdirSync(esm, { recursive: true });
const names = Object.keys(createRequire(import.meta.url)(join(dist, "index.js")))
  .filter((n) => n !== "__esModule")
  .sort();
writeFileSync(
  join(esm, "index.mjs"),
  `// ES module entry: the CommonJS build's exports, by name.\nimport cjs from "../index.js";\n\nexport const {\n${names.map((n) => `  ${n},`).join("\n")}\n} = cjs;\n`,
);
writeFileSync(join(esm, "index.d.mts"), `export * from "../index.js";\n`);
console.log(`lp-faas-platform built: the main entry has ${names.length} named exports (${names.join(", ")})`);

/** The dashboard's budget: everything it loads, gzipped (docs/platform/dashboard.md). */
async function buildDashboard() {
  const { build } = await import("vite");
  const dashboardRoot = join(root, "dashboard");
  await build({ root: dashboardRoot, configFile: join(dashboardRoot, "vite.config.ts"), logLevel: "warn" });
  const assets = join(dist, "dashboard", "assets");
  const sizes = readdirSync(assets).map((name) => ({ name, gzip: gzipSync(readFileSync(join(assets, name))).length }));
  const total = sizes.reduce((sum, file) => sum + file.gzip, 0);
  const budget = 150 * 1024;
  console.log(
    `lp-faas-platform built: dist/dashboard/ (${sizes.map((f) => `${f.name} ${(f.gzip / 1024).toFixed(1)} KB`).join(", ")}; ${(total / 1024).toFixed(1)} KB gzipped of a ${budget / 1024} KB budget)`,
  );
  if (total > budget) throw new Error(`The dashboard is ${total} bytes gzipped, over its budget of ${budget}`);
}
