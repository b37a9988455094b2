// Builds lp-faas-toolbelt: TypeScript → CommonJS with declarations (dist/cjs), then an
// ES module entry (dist/esm) that re-exports the same objects by name. One implementation
// for both module systems, so `instanceof` and configuration are shared (no dual-package hazard).
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

const names = Object.keys(createRequire(import.meta.url)(join(dist, "cjs", "index.js"))).filter((n) => n !== "__esModule").sort();
mkdirSync(join(dist, "esm"), { recursive: true });
writeFileSync(
  join(dist, "esm", "index.mjs"),
  `// ES module entry: the CommonJS build's exports, by name.\nimport toolbelt from "../cjs/index.js";\n\n` +
    `export const {\n${names.map((n) => `  ${n},`).join("\n")}\n} = toolbelt;\n`,
);
writeFileSync(join(dist, "esm", "index.d.mts"), `export * from "../cjs/index.js";\n`);
console.log(`lp-faas-toolbelt built: ${names.length} named exports (${names.join(", ")})`);
