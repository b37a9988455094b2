// A project for the platform benches: `lp-faas init`'s scaffold plus a V1 function `trivial` that
// answers `{ ok: true }` at once, and the secrets the scaffold provisioned (for Toolbelt.configure).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { scaffoldProject } = require("../packages/platform/dist/project/scaffold.js");

/** @returns {{ dir: string, secrets: Record<string, unknown>, remove(): void }} */
export function trivialProject(prefix) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(root, "project");
  scaffoldProject(dir);
  mkdirSync(join(dir, "functions", "trivial"));
  writeFileSync(join(dir, "functions", "trivial", "index.js"), "function lambda(input, callback) { callback(null, { ok: true }); }\n");
  writeFileSync(
    join(dir, "functions", "trivial", "config.json"),
    JSON.stringify({ name: "trivial", event: null, description: "bench", input: { headers: [], payload: {} }, environmentVariables: [] }),
  );
  const settings = JSON.parse(readFileSync(join(dir, "functions", "settings.json"), "utf8"));
  return {
    dir,
    secrets: Object.fromEntries(settings.secrets.map((s) => [s.key, s.value])),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
