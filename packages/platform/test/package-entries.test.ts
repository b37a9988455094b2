/**
 * The package's main entry as a consumer meets it: a folder whose
 * node_modules/lp-faas-platform is this package (linked, as a workspace or
 * `npm link` would), loaded by `require` and by `import` in real Node
 * processes, and type-checked with Node16 resolution. Needs the build.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = resolve(__dirname, "..");
const repoRoot = resolve(packageDir, "../..");
let consumer: string;

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  if (!existsSync(join(packageDir, "dist/esm/index.mjs"))) throw new Error("Build the platform first (npm run build)");
  consumer = mkdtempSync(join(tmpdir(), "lp-faas-platform-consumer-"));
  mkdirSync(join(consumer, "node_modules"));
  symlinkSync(packageDir, join(consumer, "node_modules", "lp-faas-platform"), "junction");
  symlinkSync(join(repoRoot, "node_modules", "@types"), join(consumer, "node_modules", "@types"), "junction");
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
});

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe("lp-faas-platform's main entry", () => {
  it("gives require and import the same objects", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `import { createRequire } from "node:module";
       import * as esm from "lp-faas-platform";
       const cjs = createRequire(import.meta.url)("lp-faas-platform");
       console.log(JSON.stringify({
         esm: Object.keys(esm).sort(),
         cjs: Object.keys(cjs).filter((k) => k !== "__esModule").sort(),
         same: esm.startPlatform === cjs.startPlatform && esm.PlatformApiError === cjs.PlatformApiError,
       }));`,
    ]);
    const seen = JSON.parse(out) as { esm: string[]; cjs: string[]; same: boolean };
    expect(seen.esm).toEqual(["PlatformApiError", "PlatformError", "PlatformErrorCodes", "startPlatform"]);
    expect(seen.cjs).toEqual(seen.esm);
    expect(seen.same).toBe(true);
  });

  it("type-checks a consumer's ES module and CommonJS files, and refuses options without projectDir", () => {
    writeFileSync(
      join(consumer, "good.mts"),
      `import { startPlatform, type LocalPlatform } from "lp-faas-platform";
const platform: LocalPlatform = await startPlatform({ projectDir: ".", port: 0 });
const answer = await platform.invoke<{ message: string }>("greeting", { name: "Ada" }, { event: "e", headers: { a: "b" } });
export const message: string | undefined = answer.result?.message;
export const keys: string[] = await platform.secrets.list();
`,
    );
    writeFileSync(
      join(consumer, "good.cts"),
      `import { PlatformApiError, PlatformErrorCodes, startPlatform } from "lp-faas-platform";
export const start = () =>
  startPlatform({ projectDir: ".", copyProject: true }).catch((e: unknown) => e instanceof PlatformApiError && e.code === PlatformErrorCodes.MissingLambda);
`,
    );
    writeFileSync(join(consumer, "bad.mts"), `import { startPlatform } from "lp-faas-platform";\nawait startPlatform({ port: 0 });\n`);
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    const args = [tsc, "--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16", "--target", "es2022", "--types", "node"];
    let output = "";
    try {
      node([...args, "good.mts", "good.cts", "bad.mts"]);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bad\.mts\(2,\d+\): error TS2345: .*StartPlatformOptions/);
  }, 90_000);
});
