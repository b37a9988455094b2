// Builds lp-faas-platform: TypeScript → CommonJS in dist/ (tsc -p tsconfig.json), then copies the
// runtime's plain JavaScript files (src/runtime/*.cjs, *.mjs: the worker entry and loader hooks,
// which run outside the TypeScript build) next to the compiled runtime in dist/runtime/, then writes
// the ES module entry dist/esm/index.mjs, which re-exports the CommonJS main entry's objects by name
// (one implementation for both module systems, so `instanceof PlatformApiError` holds in either).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
