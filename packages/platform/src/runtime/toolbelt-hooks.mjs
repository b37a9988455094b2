/**
 * ES module loader hooks of a function worker, registered by worker-entry.cjs
 * with `module.register()` before it imports an ES module function.
 *
 * - resolve: `lp-faas-toolbelt` and `core-functions-toolbelt` → our toolbelt's
 *   ES module entry, wherever the function lives (no node_modules needed).
 * - load: a `.js` file with import/export syntax outside node_modules is an ES
 *   module even without `"type": "module"` (lpf V2 functions are `index.js`).
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const TOOLBELT_NAMES = new Set(["lp-faas-toolbelt", "core-functions-toolbelt"]);
const CJS_PARAMS = ["exports", "require", "module", "__filename", "__dirname"];
const ESM_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s+(default\b|async\b|function\b|const\b|let\b|var\b|class\b|\{|\*))/;

let toolbeltUrl = "";
let moduleUrls = new Set();

export async function initialize(data) {
  toolbeltUrl = data.toolbeltUrl;
  moduleUrls = new Set(data.moduleUrls ?? []);
}

export async function resolve(specifier, context, nextResolve) {
  if (TOOLBELT_NAMES.has(specifier)) return { url: toolbeltUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (result.format !== "commonjs" || !url.startsWith("file:") || !url.endsWith(".js") || url.includes("/node_modules/")) return result;
  const source = await readFile(fileURLToPath(url), "utf8");
  if (moduleUrls.has(url) || looksLikeEsModule(source)) return { format: "module", source, shortCircuit: true };
  return result;
}

/** Import/export syntax that does not compile as CommonJS. */
function looksLikeEsModule(source) {
  if (!ESM_SYNTAX.test(source)) return false;
  try {
    vm.compileFunction(source.startsWith("#!") ? "//" + source.slice(2) : source, CJS_PARAMS);
    return false;
  } catch (error) {
    return error?.name === "SyntaxError";
  }
}
