import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { functionUuid, loadFunctionCatalog } from "./function-catalog";

let dir: string;

function addFunction(name: string, config: unknown = { name }, entry = "index.js"): void {
  const fnDir = join(dir, "functions", name);
  mkdirSync(fnDir, { recursive: true });
  writeFileSync(join(fnDir, entry), "module.exports.lambda = async () => 1;\n");
  if (config !== undefined) writeFileSync(join(fnDir, "config.json"), typeof config === "string" ? config : JSON.stringify(config, null, 4));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-catalog-"));
  mkdirSync(join(dir, "functions"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("derived uuids", () => {
  it("are RFC 4122 version 5 style, stable, and differ per name", () => {
    const uuid = functionUuid("greeting");
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(functionUuid("greeting")).toBe(uuid);
    expect(functionUuid("greeting2")).not.toBe(uuid);
  });
});

describe("loadFunctionCatalog", () => {
  it("lists function folders by name, with their entry, env and uuid", () => {
    addFunction("b_second", {
      name: "b_second",
      environmentVariables: [
        { key: "GREETING", value: "hi" },
        { key: "", value: "" },
      ],
    });
    addFunction("a_first", { name: "a_first", uuid: "11111111-2222-4333-8444-555555555555", environmentVariables: { MODE: "test", RETRIES: 3, key: "value" } });
    addFunction("esm_only", { name: null }, "index.mjs");
    addFunction("no_config", undefined, "index.cjs");
    const catalog = loadFunctionCatalog(dir);
    const list = catalog.list();
    expect(list.map((fn) => fn.name)).toEqual(["a_first", "b_second", "esm_only", "no_config"]);
    expect(list[0]).toEqual({
      name: "a_first",
      uuid: "11111111-2222-4333-8444-555555555555",
      dir: join(dir, "functions", "a_first"),
      entry: join(dir, "functions", "a_first", "index.js"),
      env: { MODE: "test", RETRIES: "3" },
      generation: 1,
    });
    expect(list[1]!.env).toEqual({ GREETING: "hi" });
    expect(list[1]!.uuid).toBe(functionUuid("b_second"));
    expect(list[2]!.entry).toBe(join(dir, "functions", "esm_only", "index.mjs"));
    expect(list[3]!.entry).toBe(join(dir, "functions", "no_config", "index.cjs"));
    expect(catalog.byName("b_second")?.uuid).toBe(functionUuid("b_second"));
    expect(catalog.byUuid("11111111-2222-4333-8444-555555555555")?.name).toBe("a_first");
    expect(catalog.byName("missing")).toBeUndefined();
    expect(catalog.problems()).toEqual([]);
  });

  it("prefers index.js over index.mjs and index.cjs", () => {
    addFunction("both", { name: "both" }, "index.mjs");
    writeFileSync(join(dir, "functions", "both", "index.js"), "");
    expect(loadFunctionCatalog(dir).byName("both")?.entry).toBe(join(dir, "functions", "both", "index.js"));
  });

  it("gives the same derived uuid after a restart", () => {
    addFunction("greeting");
    expect(loadFunctionCatalog(dir).byName("greeting")?.uuid).toBe(loadFunctionCatalog(dir).byName("greeting")?.uuid);
  });

  it("ignores folders without an entry file, hidden folders, node_modules and files", () => {
    mkdirSync(join(dir, "functions", "shared"));
    writeFileSync(join(dir, "functions", "shared", "util.js"), "");
    mkdirSync(join(dir, "functions", ".hidden"));
    writeFileSync(join(dir, "functions", ".hidden", "index.js"), "");
    mkdirSync(join(dir, "functions", "node_modules"));
    writeFileSync(join(dir, "functions", "node_modules", "index.js"), "");
    writeFileSync(join(dir, "functions", "settings.json"), "{}");
    const catalog = loadFunctionCatalog(dir);
    expect(catalog.list()).toEqual([]);
    expect(catalog.problems()).toEqual([]);
  });

  it("leaves out broken functions and reports why, listing the others", () => {
    addFunction("good");
    addFunction("broken_json", '{\n    "name": "broken_json",\n    "environmentVariables": [\n}');
    addFunction("bad_env", { name: "bad_env", environmentVariables: [{ value: "no key" }] });
    addFunction("bad_env_value", { name: "bad_env_value", environmentVariables: { NESTED: { a: 1 } } });
    addFunction("other_name", { name: "renamed" });
    addFunction("bad-name", { name: "bad-name" });
    addFunction("dup_uuid", { name: "dup_uuid", uuid: functionUuid("good") });
    const catalog = loadFunctionCatalog(dir);
    expect(catalog.list().map((fn) => fn.name)).toEqual(["good"]);
    const problems = Object.fromEntries(catalog.problems().map((p) => [p.functionName, p.message]));
    expect(Object.keys(problems).sort()).toEqual(["bad-name", "bad_env", "bad_env_value", "broken_json", "dup_uuid", "other_name"]);
    expect(problems.broken_json).toContain(join(dir, "functions", "broken_json", "config.json"));
    expect(problems.broken_json).toMatch(/line 4, column 1/);
    expect(problems.bad_env).toMatch(/environmentVariables\[0\] must be/);
    expect(problems.bad_env_value).toMatch(/NESTED must have a string value/);
    expect(problems.other_name).toMatch(/"name" is "renamed" but the folder is "other_name"/);
    expect(problems["bad-name"]).toMatch(/rename the folder \(for example "bad_name"\)/);
    expect(problems.dup_uuid).toMatch(/already used by function "good"/);
  });

  it("re-reads the folder: added, edited, fixed and removed functions are seen at once", () => {
    const catalog = loadFunctionCatalog(dir);
    expect(catalog.list()).toEqual([]);
    addFunction("later", { name: "later", environmentVariables: [{ key: "V", value: "1" }] });
    expect(catalog.byName("later")?.env).toEqual({ V: "1" });
    writeFileSync(join(dir, "functions", "later", "config.json"), JSON.stringify({ name: "later", environmentVariables: [{ key: "V", value: "two" }] }));
    expect(catalog.byName("later")?.env).toEqual({ V: "two" });
    writeFileSync(join(dir, "functions", "later", "config.json"), "{ broken");
    expect(catalog.byName("later")).toBeUndefined();
    expect(catalog.problems()).toHaveLength(1);
    writeFileSync(join(dir, "functions", "later", "config.json"), JSON.stringify({ name: "later" }));
    expect(catalog.byName("later")?.env).toEqual({});
    expect(catalog.problems()).toEqual([]);
    rmSync(join(dir, "functions", "later"), { recursive: true });
    expect(catalog.list()).toEqual([]);
  });

  it("is empty for a project without functions/", () => {
    rmSync(join(dir, "functions"), { recursive: true });
    expect(loadFunctionCatalog(dir).list()).toEqual([]);
  });
});

describe("each function's generation", () => {
  function write(name: string, source: string, config: Record<string, unknown> = { name }, entry = "index.js"): void {
    const fnDir = join(dir, "functions", name);
    mkdirSync(fnDir, { recursive: true });
    writeFileSync(join(fnDir, entry), source);
    writeFileSync(join(fnDir, "config.json"), JSON.stringify(config));
  }
  const generations = (): Record<string, number | undefined> =>
    Object.fromEntries(
      loadFunctionCatalog(dir)
        .list()
        .map((fn) => [fn.name, fn.generation]),
    );

  it("is read from config.json, the toolbelt the code imports, V2's shape, then lpf 2's config placeholder; else 1", () => {
    write("explicit_v2", "module.exports.lambda = (input, callback) => callback(null, 1);\n", { name: "explicit_v2", generation: 2 });
    write("explicit_v1", 'import { Toolbelt } from "core-functions-toolbelt";\nasync function lambda() { return 1; }\n', {
      name: "explicit_v1",
      generation: "v1",
    });
    write("imports_v2", 'import { Toolbelt } from "core-functions-toolbelt";\nexport async function lambda() { return 1; }\n');
    write("requires_v1", 'const { Toolbelt } = require("lp-faas-toolbelt");\nasync function lambda() { return 1; }\n');
    write("v1_esm_import", 'import { Toolbelt } from "lp-faas-toolbelt";\nasync function lambda() { return 1; }\n');
    write("v2_shape", 'import { readFile } from "node:fs/promises";\nasync function lambda(input) {\n  return typeof readFile;\n}\n');
    write("esm_exported", "export async function lambda() { return 1; }\n");
    write("plain_async", "async function lambda(input) { return 'result'; }\n");
    write("lpf2_config", "async function lambda(input) { return 'result'; }\n", { name: "lpf2_config", environmentVariables: { key: "value" } });
    write("cjs_entry", "async function lambda() { return 1; }\n", { name: "cjs_entry", environmentVariables: { key: "value" } }, "index.cjs");
    expect(generations()).toEqual({
      explicit_v2: 2,
      explicit_v1: 1,
      imports_v2: 2,
      requires_v1: 1,
      v1_esm_import: 1,
      v2_shape: 2,
      esm_exported: 1,
      plain_async: 1,
      lpf2_config: 2,
      cjs_entry: 1,
    });
  });

  it("follows the project's lpf markers (bin/core-functions-toolbelt: V2) for code that does not tell", () => {
    write("plain_async", "async function lambda(input) { return 'result'; }\n");
    write("requires_v1", 'const { Toolbelt } = require("lp-faas-toolbelt");\nfunction lambda(input, callback) { callback(null, 1); }\n');
    write("callback_v1", "module.exports.lambda = (input, callback) => callback(null, 1);\n");
    mkdirSync(join(dir, "bin", "core-functions-toolbelt"), { recursive: true });
    expect(generations()).toEqual({ plain_async: 2, requires_v1: 1, callback_v1: 1 });
    mkdirSync(join(dir, "bin", "lp-faas-toolbelt"), { recursive: true });
    expect(generations()).toEqual({ plain_async: 1, requires_v1: 1, callback_v1: 1 }); // both markers: they say nothing
    rmSync(join(dir, "bin", "core-functions-toolbelt"), { recursive: true });
    expect(generations()).toEqual({ plain_async: 1, requires_v1: 1, callback_v1: 1 });
  });

  it("sees an edited entry file at once", () => {
    write("changing", "async function lambda(input) { return 1; }\n");
    expect(generations().changing).toBe(1);
    writeFileSync(
      join(dir, "functions", "changing", "index.js"),
      'import { Toolbelt } from "core-functions-toolbelt";\nasync function lambda(input) { return 1; }\n',
    );
    expect(generations().changing).toBe(2);
  });

  it("reports a config.json whose generation is neither 1 nor 2", () => {
    write("bad_generation", "async function lambda() { return 1; }\n", { name: "bad_generation", generation: 3 });
    const catalog = loadFunctionCatalog(dir);
    expect(catalog.list()).toEqual([]);
    expect(catalog.problems()[0]?.message).toMatch(/"generation" must be 1 \(LivePerson Functions V1\) or 2 \(V2\)/);
  });
});
