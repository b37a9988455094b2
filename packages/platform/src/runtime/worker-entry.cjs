"use strict";
/**
 * Child-process entry of one function instance (forked by worker.ts). Plain
 * CommonJS so the same file runs from src/ under vitest and from dist/ after
 * the build copies it. Protocol: see protocol.ts.
 *
 * - Starts as a spare: Node and our toolbelt loaded, no function yet. The
 *   `init` message gives it a function (its env, folder and entry); the code
 *   loads on the first invocation (so load errors and top-level console output
 *   belong to that invocation) and stays warm afterwards.
 * - A V2 function's instance (`init.generation` 2) loads it as an ES module
 *   (worker-load.cjs), calls `await lambda(input)` (any throw or rejection is
 *   the function's failure), gives `console.getTraceId()`, and is sent one
 *   invocation at a time by the platform (v2-pool.ts).
 * - Runs many invocations at once, like a LivePerson Functions V1 instance:
 *   each runs inside its own AsyncLocalStorage context, which attributes its
 *   console output, gives it its own id and depth (`currentInvocation()` of
 *   the toolbelt, and the two LP_FAAS_* variables read through process.env),
 *   and keeps its logs within the cloud's limits (worker-logs.cjs).
 * - Its egress (every socket, fetch, http) passes the toolbelt's policy from the
 *   moment it is given a function (lp-faas-toolbelt/worker).
 * - `require("lp-faas-toolbelt" | "core-functions-toolbelt")` → our toolbelt,
 *   from any module (Module._resolveFilename is patched); ESM imports of the
 *   same names are mapped by toolbelt-hooks.mjs.
 * - Started with `--inspect` (boot.inspect), it makes sure its inspector
 *   listens (any free port when the flag's was taken), reports the URL, and
 *   with `wait` holds its first invocation until a debugger attaches, then
 *   pauses just before calling the function (`lp-faas debug`).
 * - Timeouts, process.exit and memory are watched by the parent; a watchdog
 *   thread (watchdog.cjs) kills the instance's process group when the
 *   platform is gone.
 */
const path = require("node:path");
const { AsyncLocalStorage } = require("node:async_hooks");
const { inspect } = require("node:util");
const { Worker } = require("node:worker_threads");
const logBook = require("./worker-logs.cjs");
const { createLoader } = require("./worker-load.cjs");

/** Where the toolbelt's currentInvocation() finds the running invocation (platform/invocation-context.ts). */
const INVOCATION_CONTEXT = Symbol.for("lp-faas.invocation-context");
const INVOCATION_ID_ENV = "LP_FAAS_INVOCATION_ID";
const ORCHESTRATION_DEPTH_ENV = "LP_FAAS_ORCHESTRATION_DEPTH";

/** @type {{ toolbeltCjs: string, toolbeltEsm: string, toolbeltV2?: { cjs: string, esm: string }, hooksPath: string, memoryReportMs: number, watchdogMs: number, inspect?: { wait: boolean } }} */
const boot = JSON.parse(process.argv[2]);
/** @type {null | { name: string, entry: string, dir: string, generation: 1 | 2 }} the function, once assigned */
let config = null;
/** Why the assigned function cannot run at all (its folder is missing), or null. */
let setupError = null;
/** The loaded `lambda` (warm), or the promise of loading it (shared by concurrent first invocations). */
let loading = null;
const loader = createLoader(boot);
/** The running invocation of the current async context: `{ id, settled, facts, book }`. */
const scope = new AsyncLocalStorage();
/** `lp-faas debug`: the first invocation still has to wait for a debugger and pause before the call. */
let debuggerPending = boot.inspect !== undefined && boot.inspect.wait;

globalThis[INVOCATION_CONTEXT] = Object.freeze({
  getStore() {
    const invocation = scope.getStore();
    return invocation === undefined ? undefined : invocation.facts;
  },
});

// The two per-invocation variables, read through process.env, answer for the invocation reading them.
const realEnv = process.env;
process.env = new Proxy(realEnv, {
  get(target, key) {
    if (key === INVOCATION_ID_ENV || key === ORCHESTRATION_DEPTH_ENV) {
      const invocation = scope.getStore();
      if (invocation !== undefined) return key === INVOCATION_ID_ENV ? invocation.facts.invocationId : String(invocation.facts.depth);
    }
    return target[key];
  },
  // Writes go to the real process.env as plain assignments: it refuses the bare { value } descriptor a
  // proxy without this trap would pass on for a new variable.
  set(target, key, value) {
    target[key] = value;
    return true;
  },
});

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
  const invocation = scope.getStore();
  const attributed = invocation !== undefined && !invocation.settled;
  const extras = record.extras.length > 0 ? " " + record.extras.map((e) => messageOf(e)).join(" ") : "";
  const name = config ? config.name : "function";
  const line = `[${name}] ${level.toUpperCase()}${attributed ? "" : " (outside an invocation, dropped)"}: ${record.message}${extras}\n`;
  if (!attributed) {
    process.stderr.write(line);
    return;
  }
  const echo = logBook.echoText(invocation.book, line, name);
  if (echo !== "") process.stderr.write(echo);
  if (logBook.keep(invocation.book, record)) send({ type: "log", id: invocation.id, record });
}

for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => capture(level, args);
}

// ---- running an invocation --------------------------------------------------

function finish(invocation, outcome) {
  if (invocation.settled) return; // second callback, late rejection
  invocation.settled = true;
  const id = invocation.id;
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
  const dropped = logBook.droppedOf(invocation.book);
  if (dropped) message.dropped = dropped;
  send(message);
}

const succeed = (invocation, result) => finish(invocation, { ok: true, result });
const fail = (invocation, kind, error, prefix = "") => finish(invocation, { ok: false, kind, message: prefix + errorMessage(error) });
/** Crash messages keep the error's class: "TypeError: x is not a function". */
const crash = (invocation, error, prefix = "", recycle = false) =>
  finish(invocation, { ok: false, kind: "runtime", message: prefix + (error instanceof Error ? String(error) : messageOf(error)), recycle });

async function execute(invocation, input) {
  let lambda;
  const pauseBeforeCall = debuggerPending;
  debuggerPending = false;
  try {
    if (setupError !== null) throw setupError;
    if (pauseBeforeCall) waitForDebugger();
    loading ??= loader.loadFunction(config.entry);
    lambda = await loading;
  } catch (error) {
    if (error instanceof Error && error !== setupError) process.stderr.write(`[${config.name}] failed to load: ${error.stack}\n`);
    return crash(invocation, error, "The function could not be loaded: ", true);
  }
  if (config.generation === 2) {
    // V2: `await lambda(input)`; whatever it throws, at once or later, is the function's own failure.
    try {
      succeed(invocation, await callLambda(lambda, [input], pauseBeforeCall));
    } catch (error) {
      fail(invocation, "custom", error);
    }
    return;
  }
  if (lambda.length >= 2) {
    // V1 callback style: only the first callback counts; a returned rejected promise fails too.
    const callback = (error, result) => (error ? fail(invocation, "custom", error) : succeed(invocation, result));
    let returned;
    try {
      returned = callLambda(lambda, [input, callback], pauseBeforeCall);
    } catch (error) {
      return crash(invocation, error);
    }
    if (returned && typeof returned.then === "function") returned.then(undefined, (error) => fail(invocation, "custom", error));
    return;
  }
  let returned;
  try {
    returned = callLambda(lambda, [input], pauseBeforeCall);
  } catch (error) {
    return crash(invocation, error);
  }
  try {
    succeed(invocation, await returned);
  } catch (error) {
    fail(invocation, "custom", error);
  }
}

/** Calls the function; with `pause` (lp-faas debug) a debugger stops just before. */
function callLambda(lambda, args, pause) {
  if (pause) {
    // lp-faas debug: your function is loaded; args[0] is this invocation's input.
    // Step into (F11) twice to reach your function's first line, or continue (F8) to your own breakpoints.
    debugger; // eslint-disable-line no-debugger
  }
  return lambda(...args);
}

/** Gives this spare its function: the function's environment and folder; its code loads on the first invocation. */
function assign(message) {
  config = { name: message.name, entry: message.entry, dir: message.dir, generation: message.generation === 2 ? 2 : 1 };
  for (const key of Object.keys(realEnv)) if (!Object.hasOwn(message.env, key)) delete realEnv[key];
  Object.assign(realEnv, message.env);
  loader.useGeneration(config.generation);
  if (config.generation === 2) {
    // Functions V2's console: the running invocation's id, which the V2 toolbelt sends as X-Request-Id.
    console.getTraceId = traceId;
  }
  // `lp-faas dev --v2-allowlist off`: a V2 instance without the egress hooks (its sockets are not checked).
  if (message.egress === false) {
    // The toolbelt's own clients skip the platform allowlist too (read only where no egress lock exists).
    realEnv.LP_FAAS_EGRESS = "open";
    process.stderr.write(`[${message.name}] egress not checked: the project's allowlist does not apply to this function (--v2-allowlist off)\n`);
    chdirTo(message.dir);
    return;
  }
  // ---- egress (lp-faas-toolbelt/worker): once the function's environment is set, before any of its code
  // loads: fetch/undici, http(s) and net/tls connections pass the toolbelt's egress policy (allowlist, rate
  // limit, proxies), and Toolbelt.configure() can no longer loosen it. The platform's variables are read now,
  // so a function changing process.env later changes nothing. Fidelity with the cloud's egress proxy, not a
  // sandbox (child processes are not covered).
  require("lp-faas-toolbelt/worker").installWorkerEgress({ env: realEnv });
  chdirTo(message.dir);
}

function chdirTo(dir) {
  try {
    process.chdir(dir);
  } catch (error) {
    setupError = new Error(error.code === "ENOENT" ? `the function folder ${dir} does not exist` : error.message);
  }
}

/** The id of the invocation whose async context asks (the platform's invocation id), else of the latest one. */
let latestInvocationId;
function traceId() {
  const invocation = scope.getStore();
  return invocation === undefined ? latestInvocationId : invocation.facts.invocationId;
}

function startInvocation(message) {
  const invocation = {
    id: message.id,
    settled: false,
    facts: Object.freeze({
      // The platform's invocation id when it gives one (a nested gateway call names its parent by it).
      invocationId: typeof message.invocationId === "string" && message.invocationId !== "" ? message.invocationId : `${process.pid}-${message.id}`,
      // Gateway hops that led here; a nested gateway call sends this + 1.
      depth: Number.isInteger(message.depth) && message.depth >= 0 ? message.depth : 0,
    }),
    book: logBook.createLogBook(),
  };
  latestInvocationId = invocation.facts.invocationId;
  scope.run(invocation, () => {
    execute(invocation, message.input).catch((error) => crash(invocation, error));
  });
}

/**
 * Blocks until a debugger attaches (its breakpoints set before the function's code loads). The platform is
 * told the URL only now: a debugger attaching earlier would send its go-ahead before anyone waits for it.
 */
function waitForDebugger() {
  const inspector = require("node:inspector");
  const url = inspector.url();
  if (url === undefined) return;
  process.stderr.write(`[${config.name}] waiting for a debugger to attach to ${url}\n`);
  send({ type: "inspector", url, waiting: true });
  inspector.waitForDebugger();
}

/** The inspector's URL; opened on any free port when the --inspect port was taken by another program. */
function openInspector() {
  const inspector = require("node:inspector");
  if (inspector.url() === undefined) {
    try {
      inspector.open(0, "127.0.0.1");
    } catch (error) {
      process.stderr.write(`[lp-faas] the instance's inspector could not be opened: ${errorMessage(error)}\n`);
    }
  }
  return inspector.url();
}

function onUnexpected(prefix) {
  return (error) => {
    const text = error instanceof Error ? error.stack : messageOf(error);
    process.stderr.write(`[${config ? config.name : "function"}] ${prefix}${text}\n`);
    // The store of the callback that threw names its invocation; the others in flight keep running.
    const invocation = scope.getStore();
    if (invocation !== undefined && !invocation.settled) crash(invocation, error, prefix, true);
    else send({ type: "recycle", reason: prefix + errorMessage(error) });
  };
}

process.on("uncaughtException", onUnexpected("Uncaught exception: "));
process.on("unhandledRejection", onUnexpected("Unhandled promise rejection: "));

function killOwnGroup() {
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    process.exit(0);
  }
}
// The platform went away: never linger as an orphan, nor leave what the function spawned.
process.on("disconnect", killOwnGroup);
new Worker(path.join(__dirname, "watchdog.cjs"), {
  workerData: { parentPid: process.ppid, intervalMs: boot.watchdogMs },
  resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1, stackSizeMb: 1 },
}).unref();

if (boot.memoryReportMs > 0) {
  setInterval(() => send({ type: "memory", rssBytes: process.memoryUsage.rss() }), boot.memoryReportMs).unref();
}

process.on("message", (message) => {
  if (!message || typeof message !== "object") return;
  if (message.type === "init") assign(message);
  else if (message.type === "invoke") startInvocation(message);
});

require(boot.toolbeltCjs); // warm: a function's first invocation pays only for loading its own code
const inspectorUrl = boot.inspect === undefined ? undefined : openInspector();
send({ type: "ready" });
if (inspectorUrl !== undefined && !boot.inspect.wait) send({ type: "inspector", url: inspectorUrl, waiting: false });
