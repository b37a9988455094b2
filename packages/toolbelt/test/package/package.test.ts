/**
 * The published package, as a user installs it: `npm pack`, install the tarball
 * into a temp folder (offline, from npm's cache), then `require`, `import` and
 * type-check a consumer there. Needs the build (`npm test` builds first).
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const toolbeltDir = resolve(__dirname, "../..");
const repoRoot = resolve(toolbeltDir, "../..");
const fixtures = join(__dirname, "fixtures");
let consumer: string;

function run(cmd: string, args: string[], cwd = consumer): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

function tsc(args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: run(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), ...args]) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** tsc without blocking the test worker's event loop (three runs take half a minute on a busy machine). */
function tscAsync(args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), ...args], { cwd: consumer, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(() => {
  if (!existsSync(join(toolbeltDir, "dist/cjs/index.js"))) throw new Error("Build the toolbelt first (npm run build)");
  consumer = mkdtempSync(join(tmpdir(), "lp-faas-consumer-"));
  const packed = run("npm", ["pack", "--silent", "--pack-destination", consumer], toolbeltDir).trim().split("\n").pop()!;
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  const install = ["install", "--no-audit", "--no-fund", "--no-package-lock", `./${packed}`];
  try {
    // Dependencies come from npm's cache, filled by the repository's own install.
    run("npm", [...install, "--offline"]);
  } catch {
    // A cache with tarballs but no registry metadata (after a bare `npm ci`): let npm ask the registry.
    run("npm", [...install, "--prefer-offline"]);
  }
  cpSync(fixtures, consumer, { recursive: true });
}, 120_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe("the packed lp-faas-toolbelt", () => {
  it("ships only the build, the README and the manifest", () => {
    const listing = run("npm", ["pack", "--dry-run", "--json"], toolbeltDir);
    const files = (JSON.parse(listing) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toContain("dist/cjs/index.js");
    expect(files).toContain("dist/esm/index.mjs");
    expect(files).toContain("dist/cjs/index.d.ts");
    expect(files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md"].includes(f))).toEqual([]);
    expect(files.some((f) => f.endsWith(".test.js"))).toBe(false);
  });

  it("works with require()", () => {
    const out = JSON.parse(run(process.execPath, ["consumer.cjs"]));
    expect(out).toEqual({
      toolbelt: "function",
      client: "function",
      msgHist: "msgHist",
      strategy: "ContinueOnError",
      sde: "cart",
      info: "info",
      errors: ["RequestError", "StatusCodeError"],
    });
  });

  it("works with import, sharing one implementation with require", () => {
    const out = JSON.parse(run(process.execPath, ["consumer.mjs"]));
    expect(out).toEqual({ toolbelt: "function", client: "function", msgHist: "msgHist", sameClassAsRequire: true });
  });

  it("exposes the platform workers' entry, lp-faas-toolbelt/worker, to require and import", () => {
    expect(run(process.execPath, ["-e", "console.log(typeof require('lp-faas-toolbelt/worker').installWorkerEgress)"]).trim()).toBe("function");
    const esm = "import { installWorkerEgress } from 'lp-faas-toolbelt/worker'; console.log(typeof installWorkerEgress)";
    expect(run(process.execPath, ["--input-type=module", "-e", esm]).trim()).toBe("function");
  });

  it("lp-faas-toolbelt/v2 works with require(): the V2 exports and values", () => {
    const out = JSON.parse(run(process.execPath, ["consumer-v2.cjs"]));
    expect(out).toEqual({
      exports: ["ConversationContentTypes", "ErrorCodes", "ErrorStrategy", "LpServices", "SDETypes", "ToolBeltError", "Toolbelt", "globalSecretCache"],
      toolbelt: "function",
      lpClient: "function",
      secretClient: "function",
      auditLog: "auditLog",
      strategy: "ContinueOnError",
      orderId: "orderId",
      info: "info",
      mtlsKey: "com.liveperson.faas.mtls.invalid-key",
      error: ["ToolBeltError", "There is no secret x for this account", "ToolBeltError: SecretClient: There is no secret x for this account"],
      cacheTtl: 300000,
    });
  });

  it("lp-faas-toolbelt/v2 works with import, sharing one implementation with require", () => {
    const out = JSON.parse(run(process.execPath, ["consumer-v2.mjs"]));
    expect(out).toEqual({ toolbelt: "function", auditLog: "auditLog", sameAsRequire: true });
  });

  it("lp-faas-toolbelt/v2 loads no third-party package at import, within its module budget", () => {
    const loaded = JSON.parse(
      run(process.execPath, ["-e", "require('lp-faas-toolbelt/v2'); console.log(JSON.stringify(Object.keys(require.cache)))"]),
    ) as string[];
    expect(loaded.filter((path) => !/node_modules[\\/]lp-faas-toolbelt[\\/]dist[\\/]/.test(path))).toEqual([]);
    // The V1 modules it reuses (config, request core, CSDS, secrets, utils, context, orchestrator) plus the
    // V2 adapters: 105 today. undici and jsforce load on first use only.
    expect(loaded.length).toBeLessThanOrEqual(115);
  });

  it("loads no HTTP library, jsforce, SQLite driver or platform code at import", () => {
    const loaded = JSON.parse(
      run(process.execPath, ["-e", "require('lp-faas-toolbelt'); console.log(JSON.stringify(Object.keys(require.cache)))"]),
    ) as string[];
    const heavy = loaded.filter((path) => /node_modules[\\/](undici|jsforce|better-sqlite3|qs|oauth-1\.0a|lp-faas-platform)[\\/]/.test(path));
    expect(heavy).toEqual([]);
    // Nothing but the toolbelt's own (small) modules: no third-party package at all.
    expect(loaded.filter((path) => !/node_modules[\\/]lp-faas-toolbelt[\\/]dist[\\/]/.test(path))).toEqual([]);
    // Each shipped component adds a few small modules of its own (LpClient, CSDS, ConversationUtil and SDEUtil: 13;
    // the request core, orchestrator and context client split into one-job modules: 13 more; the platform contract's
    // secret names, API paths and settings.json reader: 3 more, 75 in all, with no measurable change in require()
    // time; bench/run.mjs measures it). A jump past this budget means something big is loaded eagerly.
    expect(loaded.length).toBeLessThanOrEqual(80);
  });

  it("type-checks a CommonJS and an ES module consumer", () => {
    const cjs = tsc([
      "--noEmit",
      "--strict",
      "--module",
      "commonjs",
      "--moduleResolution",
      "node10",
      "--types",
      "node",
      "--typeRoots",
      join(repoRoot, "node_modules/@types"),
      "consumer-types.ts",
    ]);
    expect(cjs.output).toBe("");
    expect(cjs.ok).toBe(true);
    const esm = tsc([
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--types",
      "node",
      "--typeRoots",
      join(repoRoot, "node_modules/@types"),
      "consumer-types.mts",
    ]);
    expect(esm.output).toBe("");
    expect(esm.ok).toBe(true);
  }, 120_000);

  it("type-checks CommonJS and ES module consumers of lp-faas-toolbelt/v2; misuse fails", async () => {
    const common = ["--noEmit", "--strict", "--types", "node", "--typeRoots", join(repoRoot, "node_modules/@types")];
    const [cjs, esm, bad] = await Promise.all([
      tscAsync([...common, "--module", "commonjs", "--moduleResolution", "node10", "consumer-v2-types.ts"]),
      tscAsync([...common, "--module", "nodenext", "--moduleResolution", "nodenext", "consumer-v2-types.mts"]),
      tscAsync([...common, "--module", "commonjs", "--moduleResolution", "node10", "consumer-v2-misuse.ts"]),
    ]);
    expect(cjs.output).toBe("");
    expect(cjs.ok).toBe(true);
    expect(esm.output).toBe("");
    expect(esm.ok).toBe(true);
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/consumer-v2-misuse\.ts\(\d+,\d+\): error TS2741: Property 'conversationHistoryRecords' is missing in type 'Response'/);
    expect(bad.output).toMatch(/Property 'MSG_HISTORY' does not exist/);
  }, 120_000);

  it("has real types: misuse fails to type-check", () => {
    const bad = tsc([
      "--noEmit",
      "--strict",
      "--module",
      "commonjs",
      "--types",
      "node",
      "--typeRoots",
      join(repoRoot, "node_modules/@types"),
      "consumer-misuse.ts",
    ]);
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/consumer-misuse\.ts\(\d+,\d+\): error TS2769: No overload matches this call/);
    expect(bad.output).toMatch(/Property 'MSG_HISTORY' does not exist/);
  }, 120_000);
});
