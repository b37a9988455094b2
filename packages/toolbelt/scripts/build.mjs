// Builds lp-faas-toolbelt: TypeScript → CommonJS with declarations (dist/cjs), then an
// ES module file per entry (dist/esm) that re-exports the same objects by name. One implementation
// for both module systems, so `instanceof` and configuration are shared (no dual-package hazard).
// Entries: "." (the Toolbelt API), "./platform" (the contract with lp-faas-platform), "./worker"
// (the egress hooks lp-faas workers install before loading a function) and "./v2" (the Functions V2
// toolbelt, what `core-functions-toolbelt` resolves to under lp-faas).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
writeFileSync(join(dist, "cjs", "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
mkdirSync(join(dist, "esm"), { recursive: true });

const entries = [
  { esm: "index", cjs: "index.js" },
  { esm: "platform", cjs: "platform/index.js" },
  { esm: "worker", cjs: "worker/index.js" },
  { esm: "v2", cjs: "v2/index.js" },
];
for (const entry of entries) {
  const names = Object.keys(createRequire(import.meta.url)(join(dist, "cjs", entry.cjs)))
    .filter((n) => n !== "__esModule")
    .sort();
  writeFileSync(
    join(dist, "esm", `${entry.esm}.mjs`),
    `// ES module entry: the CommonJS build's exports, by name.\nimport cjs from "../cjs/${entry.cjs}";\n\n` +
      `export const {\n${names.map((n) => `  ${n},`).join("\n")}\n} = cjs;\n`,
  );
  writeFileSync(join(dist, "esm", `${entry.esm}.d.mts`), `export * from "../cjs/${entry.cjs}";\n`);
  console.log(`lp-faas-toolbelt built: ${entry.esm} has ${names.length} named exports (${names.join(", ")})`);
}
