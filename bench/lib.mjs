// Small helpers shared by the bench: statistics, the server child, fresh-process runs, GC.
import { fork, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, "..");

export function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function min(values) {
  return values.length ? Math.min(...values) : NaN;
}

export function max(values) {
  return values.length ? Math.max(...values) : NaN;
}

/** A full GC between trials, so one side does not pay for the other side's garbage. */
let gcFn;
export function collectGarbage() {
  if (gcFn === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      gcFn = runInNewContext("gc");
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}

/** Starts bench/server.mjs in a child process; resolves with its port and a stop(). */
export function startServer() {
  return new Promise((resolve, reject) => {
    const child = fork(join(BENCH_DIR, "server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const onExit = (code) => reject(new Error(`bench server exited early (code ${code})`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve({
        port: message.port,
        url: `http://127.0.0.1:${message.port}/`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.disconnect();
            setTimeout(() => child.kill(), 2000).unref();
          }),
      });
    });
  });
}

/**
 * An environment for fresh processes that cannot change what is measured: no proxy,
 * no platform or lpf settings, no NODE_OPTIONS preloads.
 */
export function cleanEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    const upper = name.toUpperCase();
    if (["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "BRAND_ID", "LAMBDA_UUID", "CSDS_DOMAIN", "NODE_OPTIONS"].includes(upper) || upper.startsWith("LP_FAAS_")) {
      delete env[name];
    }
  }
  return env;
}

/**
 * Runs `node -e code ...args` with cwd = repo root (so `require("lp-faas-toolbelt")`
 * resolves through the workspace link) and resolves with wall time (ms, spawn to exit)
 * and stdout. Rejects when the process fails.
 */
export function runNode(code, args = [], env = cleanEnv()) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", code, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`node -e exited with ${code ?? signal}: ${stderr.trim() || stdout.trim()}`));
      else resolve({ wallMs, stdout: stdout.trim() });
    });
  });
}

/** Runs `total` calls of `call` with `concurrency` in flight; resolves the elapsed milliseconds. */
export async function runConcurrent(call, total, concurrency) {
  let issued = 0;
  const started = performance.now();
  async function worker() {
    while (issued < total) {
      issued++;
      await call();
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - started;
}
