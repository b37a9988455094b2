"use strict";
/**
 * Loading a function's code inside an instance (plain JavaScript, required by
 * worker-entry.cjs): CommonJS through Node's own Module wrapper, ES modules
 * through `import()` with toolbelt-hooks.mjs registered, and finding the
 * `lambda` in whichever form the file declares it.
 * `require("lp-faas-toolbelt" | "core-functions-toolbelt")` resolves to our
 * toolbelt from any module (Module._resolveFilename is patched).
 *
 * A V2 function (`useGeneration(2)`) is always an ES module, as on LivePerson
 * Functions V2: its entry gets one line appended at load (toolbelt-hooks.mjs)
 * that exports its top-level `lambda` binding, so the function needs no export;
 * `core-functions-toolbelt` is our V2 entry (`lp-faas-toolbelt/v2`) there, while
 * `lp-faas-toolbelt` stays V1 in every function.
 */
const Module = require("node:module");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { pathToFileURL } = require("node:url");

const V1_TOOLBELT = "lp-faas-toolbelt";
const V2_TOOLBELT = "core-functions-toolbelt";
const CAPTURE = Symbol.for("lp-faas.runtime.capture-lambda");
/** The export toolbelt-hooks.mjs appends to a V2 entry: its top-level `lambda` binding (keep in step). */
const LAMBDA_EXPORT = "__lp_faas_top_level_lambda__";
const CJS_PARAMS = ["exports", "require", "module", "__filename", "__dirname"];
const ESM_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s+(default\b|async\b|function\b|const\b|let\b|var\b|class\b|\{|\*))/;

/** Why `core-functions-toolbelt` cannot be loaded in a V2 function when our toolbelt has no V2 entry. */
const NO_V2_ENTRY =
  'Cannot find package "core-functions-toolbelt": the installed lp-faas-toolbelt has no V2 entry (lp-faas-toolbelt/v2); update lp-faas-toolbelt and lp-faas-platform';

/** @param {{ toolbeltCjs: string, toolbeltEsm: string, toolbeltV2?: { cjs: string, esm: string }, hooksPath: string }} boot */
function createLoader(boot) {
  let hooksRegistered = false;
  let generation = 1;
  const originalResolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, ...rest) {
    if (request === V1_TOOLBELT) return boot.toolbeltCjs;
    if (request === V2_TOOLBELT) {
      if (generation !== 2) return boot.toolbeltCjs; // a V1 function: the V1 toolbelt under its V2 name, as before
      if (boot.toolbeltV2) return boot.toolbeltV2.cjs;
      throw Object.assign(new Error(NO_V2_ENTRY), { code: "MODULE_NOT_FOUND" });
    }
    return originalResolveFilename.call(this, request, ...rest);
  };

  /** 2: the instance runs a V2 function (set once, when it is given its function). */
  function useGeneration(value) {
    generation = value === 2 ? 2 : 1;
  }

  function pickLambda(exported, scoped, file) {
    if (exported && typeof exported.lambda === "function") return exported.lambda;
    if (typeof exported === "function") return exported;
    if (exported && exported.default) {
      if (typeof exported.default.lambda === "function") return exported.default.lambda;
      if (typeof exported.default === "function") return exported.default;
    }
    if (typeof scoped === "function") return scoped;
    if (typeof globalThis.lambda === "function") return globalThis.lambda;
    throw new Error(
      generation === 2
        ? `${path.basename(file)} defines no lambda: declare "async function lambda(input)" at the top level of the module (LivePerson Functions V2)`
        : `${path.basename(file)} defines no lambda: declare "function lambda(input, callback)", export it (module.exports = { lambda }) or "export async function lambda(input)"`,
    );
  }

  function readSource(file) {
    let source = fs.readFileSync(file, "utf8");
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (source.startsWith("#!")) source = "//" + source.slice(2);
    return source;
  }

  function isEsSyntaxError(error, source) {
    return error !== null && typeof error === "object" && error.name === "SyntaxError" && ESM_SYNTAX.test(source);
  }

  async function loadFunction(entry) {
    if (generation === 2 || entry.endsWith(".mjs")) return loadEsModule(entry);
    const source = readSource(entry);
    try {
      vm.compileFunction(source, CJS_PARAMS, { filename: entry });
    } catch (error) {
      if (!entry.endsWith(".cjs") && isEsSyntaxError(error, source)) return loadEsModule(entry);
      throw error;
    }
    return loadCommonJs(entry, source);
  }

  /**
   * CommonJS through Node's own Module wrapper (require, module, exports,
   * __filename, __dirname, import()). A line appended after the code reports the
   * `lambda` binding of the module scope, so V1 files that only declare
   * `function lambda(input, callback)` (no exports) work.
   */
  function loadCommonJs(entry, source) {
    const mod = new Module(entry, null);
    mod.filename = entry;
    mod.paths = Module._nodeModulePaths(path.dirname(entry));
    let scoped;
    globalThis[CAPTURE] = (fn) => {
      scoped = fn;
    };
    Module._cache[entry] = mod;
    try {
      mod._compile(`${source}\n;globalThis[Symbol.for("lp-faas.runtime.capture-lambda")](typeof lambda === "function" ? lambda : undefined);\n`, entry);
      mod.loaded = true;
    } catch (error) {
      delete Module._cache[entry];
      throw error;
    } finally {
      delete globalThis[CAPTURE];
    }
    return pickLambda(mod.exports, scoped, entry);
  }

  async function loadEsModule(entry) {
    const entryUrl = pathToFileURL(entry).href;
    if (!hooksRegistered) {
      const v1Url = pathToFileURL(boot.toolbeltEsm).href;
      const v2Url = boot.toolbeltV2 ? pathToFileURL(boot.toolbeltV2.esm).href : null;
      Module.register(pathToFileURL(boot.hooksPath).href, {
        data: {
          toolbeltUrl: v1Url,
          // V2's name: our V2 entry in a V2 function (null: there is none), the V1 toolbelt in a V1 function (as before).
          coreToolbeltUrl: generation === 2 ? v2Url : v1Url,
          coreToolbeltMissing: NO_V2_ENTRY,
          moduleUrls: [entryUrl],
          lambdaExportUrls: generation === 2 ? [entryUrl] : [],
          lambdaExport: LAMBDA_EXPORT,
        },
      });
      hooksRegistered = true;
    }
    let namespace;
    try {
      namespace = await import(entryUrl);
    } catch (error) {
      // The appended line is part of what V8 parsed: name the error of the function's own text instead.
      if (generation === 2 && error !== null && typeof error === "object" && error.name === "SyntaxError") throw ownSyntaxError(entry) ?? error;
      throw error;
    }
    return pickLambda(namespace, generation === 2 ? namespace[LAMBDA_EXPORT] : undefined, entry);
  }

  /**
   * The syntax error of the entry file as written (checked by `node --check` as an ES module, without the
   * line toolbelt-hooks.mjs appends), with its line; null when the file itself parses (the error was elsewhere).
   * Run only after a load failed.
   */
  function ownSyntaxError(entry) {
    const checked = spawnSync(process.execPath, ["--input-type=module", "--check"], { input: readSource(entry), encoding: "utf8", timeout: 10_000 });
    if (checked.status === 0 || typeof checked.stderr !== "string") return null;
    const lines = checked.stderr.split("\n");
    const message = lines.find((line) => line.startsWith("SyntaxError: "));
    if (!message) return null;
    const where = /^\[stdin\]:(\d+)/.exec(lines[0] ?? "");
    return new SyntaxError(`${message.slice("SyntaxError: ".length)}${where ? ` (${path.basename(entry)}:${where[1]})` : ""}`);
  }

  return { loadFunction, useGeneration };
}

module.exports = { createLoader };
