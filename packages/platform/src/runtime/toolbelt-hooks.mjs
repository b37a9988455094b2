/**
 * ES module loader hooks of a function worker, registered by worker-entry.cjs
 * with `module.register()` before it imports an ES module function.
 *
 * - resolve: `lp-faas-toolbelt` → our toolbelt's ES module entry, and
 *   `core-functions-toolbelt` → our V2 entry in a V2 function (the V1 entry in
 *   a V1 function), wherever the function lives (no node_modules needed).
 * - load: a `.js` file with import/export syntax outside node_modules is an ES
 *   module even without `"type": "module"` (lpf V2 functions are `index.js`).
 *   A V2 function's entry (only that file) is always an ES module, and gets one
 *   line appended that exports its top-level `lambda` binding under a name of
 *   ours: LivePerson Functions V2 finds `lambda` without an export, and so does
 *   the instance. The line is appended, so the function's line numbers stay.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const CJS_PARAMS = ["exports", "require", "module", "__filename", "__dirname"];
const ESM_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s+(default\b|async\b|function\b|const\b|let\b|var\b|class\b|\{|\*))/;

let toolbeltUrl = "";
/** What `core-functions-toolbelt` resolves to; null: nothing (a V2 function, and our toolbelt has no V2 entry). */
let coreToolbeltUrl = null;
let coreToolbeltMissing = "";
let moduleUrls = new Set();
let lambdaExportUrls = new Set();
let lambdaExport = "";

export async function initialize(data) {
  toolbeltUrl = data.toolbeltUrl;
  coreToolbeltUrl = data.coreToolbeltUrl === undefined ? data.toolbeltUrl : data.coreToolbeltUrl;
  coreToolbeltMissing = data.coreToolbeltMissing ?? "Cannot find package core-functions-toolbelt";
  moduleUrls = new Set(data.moduleUrls ?? []);
  lambdaExportUrls = new Set(data.lambdaExportUrls ?? []);
  lambdaExport = data.lambdaExport ?? "";
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "lp-faas-toolbelt") return { url: toolbeltUrl, shortCircuit: true };
  if (specifier === "core-functions-toolbelt") {
    if (coreToolbeltUrl === null) throw Object.assign(new Error(coreToolbeltMissing), { code: "ERR_MODULE_NOT_FOUND" });
    return { url: coreToolbeltUrl, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (lambdaExportUrls.has(url)) return loadWithLambdaExport(url);
  const result = await nextLoad(url, context);
  if (result.format !== "commonjs" || !url.startsWith("file:") || !url.endsWith(".js") || url.includes("/node_modules/")) return result;
  const source = await readFile(fileURLToPath(url), "utf8");
  if (moduleUrls.has(url) || looksLikeEsModule(source)) return { format: "module", source, shortCircuit: true };
  return result;
}

/**
 * A V2 entry as an ES module, with its top-level `lambda` exported. `typeof` keeps a module without one
 * loadable (the instance then says it defines no lambda); a `lambda` it exports itself is the same binding.
 */
async function loadWithLambdaExport(url) {
  let source = await readFile(fileURLToPath(url), "utf8");
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  const line = `\n;export const ${lambdaExport} = typeof lambda === "function" ? lambda : undefined;\n`;
  return { format: "module", source: source + line, shortCircuit: true };
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
