/**
 * How a V2 instance resolves the toolbelt's two names, with a stand-in V2 entry (so this runs whether or not
 * the real `lp-faas-toolbelt/v2` is built): `core-functions-toolbelt` is the V2 entry from ES modules and
 * CommonJS alike, `lp-faas-toolbelt` stays V1, and without a V2 entry the import fails with a message saying so.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { WorkerBoot } from "./protocol";
import type { FunctionSpec, InvocationOutcome } from "./types";
import { FunctionWorker } from "./worker";
import { resolveToolbelt, spareEnv, TOOLBELT_HOOKS, WORKER_ENTRY } from "./worker-env";

const root = mkdtempSync(join(tmpdir(), "lp-faas-v2-loading-"));
const workers: FunctionWorker[] = [];

const fakeV2 = { cjs: join(root, "fake-v2.cjs"), esm: join(root, "fake-v2.mjs") };
writeFileSync(fakeV2.cjs, `module.exports = { Toolbelt: { kind: "v2-cjs" } };\n`);
writeFileSync(fakeV2.esm, `export const Toolbelt = { kind: "v2-esm" };\n`);

function instance(withV2: boolean): FunctionWorker {
  const toolbelt = resolveToolbelt();
  const boot: WorkerBoot = {
    toolbeltCjs: toolbelt.cjs,
    toolbeltEsm: toolbelt.esm,
    ...(withV2 && { toolbeltV2: fakeV2 }),
    hooksPath: TOOLBELT_HOOKS,
    memoryReportMs: 0,
    watchdogMs: 500,
  };
  const worker = new FunctionWorker(
    { entryScript: WORKER_ENTRY, boot, env: spareEnv(), execArgv: [], memoryMb: 256, startTimeoutMs: 15_000 },
    { onOutput: () => undefined },
  );
  workers.push(worker);
  return worker;
}

function v2Function(name: string, files: Record<string, string>): FunctionSpec {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return { name, uuid: randomUUID(), dir, entry: join(dir, "index.js"), env: {}, generation: 2 };
}

async function runOnce(withV2: boolean, spec: FunctionSpec): Promise<InvocationOutcome> {
  const worker = instance(withV2);
  worker.assign(spec, spareEnv(), { onOutput: () => undefined });
  return worker.run({ headers: [], payload: {} }, 10_000, {});
}

afterAll(async () => {
  await Promise.all(
    workers.map((worker) => {
      worker.stop("test over", true);
      return worker.exited;
    }),
  );
  rmSync(root, { recursive: true, force: true });
});

describe("a V2 instance's toolbelt names", () => {
  it("resolves core-functions-toolbelt to the V2 entry (import and require) and lp-faas-toolbelt to V1", async () => {
    const spec = v2Function("names", {
      "index.js": `import { Toolbelt } from "core-functions-toolbelt";
import { Toolbelt as V1 } from "lp-faas-toolbelt";
import { createRequire } from "node:module";
import { cjsKind } from "./helper.cjs";

async function lambda() {
  const required = createRequire(import.meta.url)("core-functions-toolbelt");
  return { esm: Toolbelt.kind, cjs: required.Toolbelt.kind, viaHelper: cjsKind, v1: typeof V1.HTTPClient };
}
`,
      "helper.cjs": `exports.cjsKind = require("core-functions-toolbelt").Toolbelt.kind;\n`,
    });
    const outcome = await runOnce(true, spec);
    expect(outcome).toMatchObject({ ok: true, result: { esm: "v2-esm", cjs: "v2-cjs", viaHelper: "v2-cjs", v1: "function" } });
  });

  it("fails to load, saying why, when the toolbelt has no V2 entry", async () => {
    const spec = v2Function("missing", { "index.js": `import { Toolbelt } from "core-functions-toolbelt";\nasync function lambda() { return Toolbelt; }\n` });
    const outcome = await runOnce(false, spec);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: "com.customer.faas.function.js-runtime-error", message: expect.stringContaining("has no V2 entry (lp-faas-toolbelt/v2)") },
    });
  });

  it("says a V2 module without a top-level lambda defines none", async () => {
    const spec = v2Function("nolambda", { "index.js": `export const handler = async () => 1;\n` });
    const outcome = await runOnce(true, spec);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: "com.customer.faas.function.js-runtime-error",
        message: expect.stringContaining('declare "async function lambda(input)" at the top level'),
      },
    });
  });
});
