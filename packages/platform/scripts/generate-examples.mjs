// Generates examples/ (the project `npm start` runs) from the scaffold templates in templates/project/:
// `lp-faas init` into a temporary folder with EXAMPLE_VALUES in place of what init makes random, then
// examples/ is made equal to it: changed and missing files written, files init does not write removed.
// Left alone: package.json (the npm workspace's manifest), test/ (the examples' own tests of the testing kit) and what the project's .gitignore keeps out of
// git (.lp-faas/, node_modules/, ...). Runs the built package: `npm run examples:generate` builds first.
//   node packages/platform/scripts/generate-examples.mjs          write examples/
//   node packages/platform/scripts/generate-examples.mjs --check  only report; exit 1 when examples/ differs
// src/project/examples-sync.test.ts fails with the same report while examples/ differs from the templates.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, rmdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const EXAMPLES_DIR = join(packageRoot, "..", "..", "examples");
export const GENERATE_COMMAND = "npm run examples:generate";

/** What init would make random (src/project/scaffold-templates.ts, ScaffoldValues), fixed so that examples/ does not churn. Local-only credentials. */
export const EXAMPLE_VALUES = {
  projectName: "examples",
  defaultAppKey: {
    consumerKey: "c637aa7020d70507f46f3595d8bcbd5a",
    consumerSecret: "311b62b9aca8520468a2ab44c5279436",
    token: "db49ce928a6c44163d4fc224c2a81ba4",
    tokenSecret: "75d059c663f0a1923c31b6acef7148aa",
  },
  orchestratorAppKey: {
    consumerKey: "5ea99cbdd96440244491b0f38b45f834",
    consumerSecret: "08f1fb55d08d1dd5b6961c87da888f28",
    token: "5737735ee80b9881a3971bb237f7756c",
    tokenSecret: "bc3466c6e70bf3543fbe5ea21f6e024a",
  },
  contextStoreApiKey: "gD986zgvef3JlEj5dTnPSN-fMRBQTHNR",
  oauth2Client: { client_id: "9c1f6e0b7a2d4e83b5f04a6c2d18e7b9", client_secret: "Qm7vR2xK9pL4tN8wY1zC6bF3hJ5dS0aE" },
};

/** Top-level entries of examples/ that are not generated: the workspace manifest, its tests, and what the template .gitignore ignores. */
const KEPT_TOP_LEVEL = new Set(["package.json", "test", ".lp-faas", "node_modules", "bin", ".vscode", ".idea"]);
const KEPT_ANYWHERE = new Set([".DS_Store"]);

/** Project-relative paths ("/" separators) of the files under `dir`, sorted, without the kept entries. */
function projectFiles(dir, prefix = "") {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (KEPT_ANYWHERE.has(entry.name) || (prefix === "" && KEPT_TOP_LEVEL.has(entry.name))) continue;
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) files.push(...projectFiles(join(dir, entry.name), `${path}/`));
    else files.push(path);
  }
  return files.sort();
}

const text = (dir, path) => readFileSync(join(dir, ...path.split("/")), "utf8").replace(/\r\n/g, "\n");
/** Line `at` of a file split at "\n", quoted and clipped; past the last line (or the "" after a final newline): "the end of the file". */
function shownLine(lines, at) {
  const line = lines[at];
  if (line === undefined || (line === "" && at === lines.length - 1)) return "the end of the file";
  return JSON.stringify(line.length > 100 ? `${line.slice(0, 100)}...` : line);
}

/**
 * How `actualDir` (examples/) differs from `expectedDir` (a fresh init with EXAMPLE_VALUES), line endings aside:
 * files it lacks, files init does not write, and files whose text differs (with the first differing line).
 */
export function compareProjects(expectedDir, actualDir) {
  const expected = projectFiles(expectedDir);
  const actual = new Set(projectFiles(actualDir));
  const missing = expected.filter((path) => !actual.has(path));
  const extra = [...actual].filter((path) => !expected.includes(path));
  const changed = [];
  for (const path of expected.filter((path) => actual.has(path))) {
    const want = comparable(path, text(expectedDir, path)).split("\n");
    const have = comparable(path, text(actualDir, path)).split("\n");
    const index = want.findIndex((line, i) => line !== have[i]);
    const at = index === -1 ? (want.length === have.length ? -1 : want.length) : index;
    if (at !== -1) changed.push({ path, line: at + 1, expected: shownLine(want, at), actual: shownLine(have, at) });
  }
  return { missing, extra, changed };
}

/**
 * The text compared for a file. settings.json is state the README walkthrough changes (it rotates a
 * secret and adds an allowlist entry): only its secret names are compared, so following the README
 * does not make the examples look out of date.
 */
function comparable(path, content) {
  if (path !== "functions/settings.json") return content;
  try {
    const { secrets = [] } = JSON.parse(content);
    return JSON.stringify({ secrets: secrets.map((secret) => secret.key) }, null, 2);
  } catch {
    return content;
  }
}

/** One line per difference, then the command that fixes them; empty when there is none. */
export function describeDrift({ missing, extra, changed }) {
  const lines = [
    ...missing.map((path) => `examples/${path} is missing (the templates have it)`),
    ...extra.map((path) => `examples/${path} is not in the templates (init does not write it)`),
    ...changed.map(
      ({ path, line, expected, actual }) => `examples/${path} differs from the templates at line ${line}: examples/ has ${actual}, the templates ${expected}`,
    ),
  ];
  if (lines.length === 0) return [];
  return [...lines, `examples/ is generated from packages/platform/templates/project/: edit the templates, then run \`${GENERATE_COMMAND}\``];
}

/** Runs the built package's init into a temporary folder with EXAMPLE_VALUES; returns that folder (the caller removes its parent). */
function freshExamples() {
  let scaffold;
  try {
    scaffold = createRequire(import.meta.url)("../dist/project/scaffold.js");
  } catch (error) {
    if (error && error.code === "MODULE_NOT_FOUND")
      throw new Error(`lp-faas-platform is not built: run \`${GENERATE_COMMAND}\` (it builds first)`, { cause: error });
    throw error;
  }
  const dir = join(mkdtempSync(join(tmpdir(), "lp-faas-examples-")), "examples");
  scaffold.scaffoldProject(dir, { values: EXAMPLE_VALUES });
  return dir;
}

/** Removes the folders under `dir` that hold no file any more, `dir` itself excepted. */
function removeEmptyFolders(dir, isRoot = true) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !(isRoot && KEPT_TOP_LEVEL.has(entry.name))) removeEmptyFolders(join(dir, entry.name), false);
  }
  if (!isRoot && readdirSync(dir).length === 0) rmdirSync(dir);
}

function main(args) {
  const check = args.includes("--check");
  const fresh = freshExamples();
  try {
    const drift = compareProjects(fresh, EXAMPLES_DIR);
    if (check) {
      const report = describeDrift(drift);
      console.log(report.length === 0 ? "examples/ matches the templates" : report.join("\n"));
      return report.length === 0 ? 0 : 1;
    }
    const written = [...drift.missing, ...drift.changed.map((change) => change.path)].sort();
    for (const path of written) {
      const target = join(EXAMPLES_DIR, ...path.split("/"));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(fresh, ...path.split("/")), target);
    }
    for (const path of drift.extra) rmSync(join(EXAMPLES_DIR, ...path.split("/")));
    removeEmptyFolders(EXAMPLES_DIR);
    const summary = [...written.map((path) => `  wrote examples/${path}`), ...drift.extra.map((path) => `  removed examples/${path}`)];
    console.log(summary.length === 0 ? "examples/ already matches the templates" : `examples/ regenerated from the templates:\n${summary.join("\n")}`);
    return 0;
  } finally {
    rmSync(dirname(fresh), { recursive: true, force: true });
  }
}

/** True when node runs this file (not when a test imports it). */
function runDirectly() {
  try {
    return process.argv[1] !== undefined && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runDirectly()) process.exitCode = main(process.argv.slice(2));
