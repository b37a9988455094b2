// Builds the packages when their build is missing or older than their sources, so `npm test` works on a
// fresh clone and costs nothing after `npm run build` (CI builds once, then type-checks, lints and tests).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Each package: the file its build writes last, and what the build reads. */
const packages = [
  { dir: "packages/toolbelt", output: "dist/esm/platform.mjs", inputs: ["src", "scripts", "package.json", "tsconfig.json"] },
  { dir: "packages/platform", output: "dist/esm/index.mjs", inputs: ["src", "scripts", "dashboard", "package.json", "tsconfig.json"] },
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const stale = packages.filter(({ dir, output, inputs }) => {
  const built = join(root, dir, output);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return inputs.some((input) => newestMtime(join(root, dir, input)) > builtAt);
});

// One build covers both packages (the platform builds against the toolbelt's).
if (stale.length > 0) {
  console.log(`Building (${stale.map((p) => p.dir).join(", ")} changed since the last build)`);
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}
