"use strict";
/**
 * Loading a function's code inside an instance (plain JavaScript, required by
 * worker-entry.cjs): CommonJS through Node's own Module wrapper, ES modules
 * through `import()` with toolbelt-hooks.mjs registered, and finding the
 * `lambda` in whichever form the file declares it.
 * `require("lp-faas-toolbelt" | "core-functions-toolbelt")` resolves to our
 * toolbelt from any module (Module._resolveFilename is patched).
 */
const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { pathToFileURL } = require("node:url");

const TOOLBELT_NAMES = new Set(["lp-faas-toolbelt", "core-functions-toolbelt"]);
const CAPTURE = Symbol.for("lp-faas.runtime.capture-lambda");
const CJS_PARAMS = ["exports", "require", "module", "__filename", "__dirname"];
const ESM_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s+(default\b|async\b|function\b|const\b|let\b|var\b|class\b|\{|\*))/;

/** @param {{ toolbeltCjs: string, toolbeltEsm: string, hooksPath: string }} boot */
function createLoader(boot) {
  let hooksRegistered = false;
  const originalResolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, ...rest) {
    if (TOOLBELT_NAMES.has(request)) return boot.toolbeltCjs;
    return originalResolveFilename.call(this, request, ...rest);
  };

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
      `${path.basename(file)} defines no lambda: declare "function lambda(input, callback)", export it (module.exports = { lambda }) or "export async function lambda(input)"`,
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
    if (entry.endsWith(".mjs")) return loadEsModule(entry);
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
    if (!hooksRegistered) {
      Module.register(pathToFileURL(boot.hooksPath).href, {
        data: { toolbeltUrl: pathToFileURL(boot.toolbeltEsm).href, moduleUrls: [pathToFileURL(entry).href] },
      });
      hooksRegistered = true;
    }
    const namespace = await import(pathToFileURL(entry).href);
    return pickLambda(namespace, undefined, entry);
  }

  return { loadFunction };
}

module.exports = { createLoader };
