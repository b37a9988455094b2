"use strict";
/**
 * Child-process entry of one function worker (forked by worker.ts). Plain
 * CommonJS so the same file runs from src/ under vitest and from dist/ after
 * the build copies it. Protocol: see protocol.ts.
 *
 * - Loads the function on its first invocation (so load errors and top-level
 *   console output belong to that invocation) and keeps it warm afterwards.
 * - `require("lp-faas-toolbelt" | "core-functions-toolbelt")` → our toolbelt,
 *   from any module (Module._resolveFilename is patched); ESM imports of the
 *   same names are mapped by toolbelt-hooks.mjs.
 * - Runs one invocation at a time inside an AsyncLocalStorage context, so
 *   console output from a previous invocation's leftovers is dropped.
 * - Timeouts, process.exit and out-of-memory are detected by the parent.
 */
const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { pathToFileURL } = require("node:url");
const { AsyncLocalStorage } = require("node:async_hooks");
const { inspect } = require("node:util");

const TOOLBELT_NAMES = new Set(["lp-faas-toolbelt", "core-functions-toolbelt"]);
const CAPTURE = Symbol.for("lp-faas.runtime.capture-lambda");
const CJS_PARAMS = ["exports", "require", "module", "__filename", "__dirname"];
const ESM_SYNTAX = /(^|[\n;])\s*(import\s*[\w{*'"]|export\s+(default\b|async\b|function\b|const\b|let\b|var\b|class\b|\{|\*))/;

/** @type {null | { name: string, entry: string, toolbeltCjs: string, toolbeltEsm: string, hooksPath: string }} */
let config = null;
/** The loaded `lambda` function (warm). */
let lambda = null;
/** The running invocation: `{ id, settled }`, or null between invocations. */
let current = null;
let hooksRegistered = false;
const scope = new AsyncLocalStorage();

function send(message) {
  if (typeof process.send === "function" && process.connected) process.send(message);
}

// ---- JSON-safe values -------------------------------------------------------

function jsonReplacer(_key, value) {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** A JSON value for IPC and log storage; throws on circular structures. */
function toJson(value) {
  const text = JSON.stringify(value, jsonReplacer);
  return text === undefined ? null : JSON.parse(text);
}

function toJsonLenient(value) {
  try {
    return toJson(value);
  } catch {
    return inspect(value, { depth: 4 });
  }
}

function messageOf(value) {
  if (typeof value === "string") return value;
  if (value instanceof Error) return String(value);
  if (value !== null && typeof value === "object") {
    try {
      const text = JSON.stringify(value, jsonReplacer);
      if (text !== undefined) return text;
    } catch {
      // circular: fall through
    }
    return inspect(value, { depth: 4 });
  }
  return String(value);
}

/** Text of an error for a failure message: the Error's message, else the value itself. */
function errorMessage(error) {
  if (error instanceof Error) return error.message;
  if (error !== null && typeof error === "object" && typeof error.message === "string") return error.message;
  return messageOf(error);
}

// ---- console capture --------------------------------------------------------

const LEVELS = { debug: "Debug", info: "Info", log: "Info", warn: "Warn", error: "Error" };

function capture(level, args) {
  const record = {
    level,
    message: args.length === 0 ? "" : messageOf(args[0]),
    extras: args.slice(1).map(toJsonLenient),
    timestamp: Date.now(),
  };
  const store = scope.getStore();
  const attributed = current !== null && !current.settled && store !== undefined && store.id === current.id;
  const extras = record.extras.length > 0 ? " " + record.extras.map((e) => messageOf(e)).join(" ") : "";
  const name = config ? config.name : "function";
  const note = attributed ? "" : " (outside an invocation, dropped)";
  process.stderr.write(`[${name}] ${level.toUpperCase()}${note}: ${record.message}${extras}\n`);
  if (attributed) send({ type: "log", id: current.id, record });
}

for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => capture(level, args);
}

// ---- egress (lp-faas-toolbelt/worker) -----------------------------------------
// Before any function code: fetch/undici, http(s) and net/tls connections pass the toolbelt's
// egress policy (allowlist, rate limit, proxies), and Toolbelt.configure() can no longer loosen
// it. The platform's variables are read now, so a function changing process.env later changes
// nothing. Fidelity with the cloud's egress proxy, not a sandbox (child processes are not covered).
require("lp-faas-toolbelt/worker").installWorkerEgress({ env: process.env });

// ---- loading the function ---------------------------------------------------

const originalResolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request, ...rest) {
  if (config && TOOLBELT_NAMES.has(request)) return config.toolbeltCjs;
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

async function loadFunction() {
  const entry = config.entry;
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
    Module.register(pathToFileURL(config.hooksPath).href, {
      data: { toolbeltUrl: pathToFileURL(config.toolbeltEsm).href, moduleUrls: [pathToFileURL(entry).href] },
    });
    hooksRegistered = true;
  }
  const namespace = await import(pathToFileURL(entry).href);
  return pickLambda(namespace, undefined, entry);
}

// ---- running an invocation --------------------------------------------------

function finish(id, outcome) {
  if (current === null || current.id !== id || current.settled) return; // second callback, late rejection
  current.settled = true;
  current = null;
  let message;
  if (outcome.ok) {
    try {
      message = { type: "result", id, ok: true, result: toJson(outcome.result === undefined ? null : outcome.result) };
    } catch (error) {
      message = { type: "result", id, ok: false, kind: "runtime", message: `The function's result is not JSON-serialisable: ${errorMessage(error)}` };
    }
  } else {
    message = { type: "result", id, ok: false, kind: outcome.kind, message: outcome.message };
    if (outcome.recycle) message.recycle = true;
  }
  send(message);
}

const succeed = (id, result) => finish(id, { ok: true, result });
const fail = (id, kind, error, prefix = "") => finish(id, { ok: false, kind, message: prefix + errorMessage(error) });
/** Crash messages keep the error's class: "TypeError: x is not a function". */
const crash = (id, error, prefix = "", recycle = false) =>
  finish(id, { ok: false, kind: "runtime", message: prefix + (error instanceof Error ? String(error) : messageOf(error)), recycle });

async function execute(id, input) {
  if (lambda === null) {
    try {
      lambda = await loadFunction();
    } catch (error) {
      if (error instanceof Error) process.stderr.write(`[${config.name}] failed to load: ${error.stack}\n`);
      return crash(id, error, "The function could not be loaded: ", true);
    }
  }
  if (lambda.length >= 2) {
    // V1 callback style: only the first callback counts; a returned rejected promise fails too.
    const callback = (error, result) => (error ? fail(id, "custom", error) : succeed(id, result));
    let returned;
    try {
      returned = lambda(input, callback);
    } catch (error) {
      return crash(id, error);
    }
    if (returned && typeof returned.then === "function") returned.then(undefined, (error) => fail(id, "custom", error));
    return;
  }
  let returned;
  try {
    returned = lambda(input);
  } catch (error) {
    return crash(id, error);
  }
  try {
    succeed(id, await returned);
  } catch (error) {
    fail(id, "custom", error);
  }
}

function onUnexpected(prefix) {
  return (error) => {
    const text = error instanceof Error ? error.stack : messageOf(error);
    process.stderr.write(`[${config ? config.name : "function"}] ${prefix}${text}\n`);
    if (current !== null) crash(current.id, error, prefix, true);
    else send({ type: "recycle", reason: prefix + errorMessage(error) });
  };
}

process.on("uncaughtException", onUnexpected("Uncaught exception: "));
process.on("unhandledRejection", onUnexpected("Unhandled promise rejection: "));
// The parent went away: never linger as an orphan.
process.on("disconnect", () => process.exit(0));

process.on("message", (message) => {
  if (!message || typeof message !== "object") return;
  if (message.type === "init") {
    config = message;
    send({ type: "ready" });
  } else if (message.type === "invoke") {
    current = { id: message.id, settled: false };
    // The toolbelt re-reads the platform's allowlist when this changes, so `lp-faas allowlist add` applies to the next invocation.
    // The platform's invocation id when it gives one, so a nested gateway call can name its parent invocation.
    process.env.LP_FAAS_INVOCATION_ID =
      typeof message.invocationId === "string" && message.invocationId !== "" ? message.invocationId : `${process.pid}-${message.id}`;
    // Gateway hops that led here; a nested gateway call sends this + 1 as X-LP-FaaS-Orchestration-Depth.
    process.env.LP_FAAS_ORCHESTRATION_DEPTH = String(Number.isInteger(message.depth) && message.depth >= 0 ? message.depth : 0);
    scope.run({ id: message.id }, () => {
      execute(message.id, message.input).catch((error) => crash(message.id, error));
    });
  }
});
