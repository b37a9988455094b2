import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../test/run-cli";

let base: string;
const run = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> => runCli(args, { cwd: base, ...options });

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "lp-faas-cli-"));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe("help, version and usage errors", () => {
  it("prints help with exit code 0, on every command", async () => {
    const root = await run(["--help"]);
    expect(root).toMatchObject({ code: 0, stderr: "" });
    for (const command of ["init", "dev", "invoke", "functions", "secrets", "allowlist"]) expect(root.stdout).toContain(command);
    for (const args of [
      ["init", "--help"],
      ["dev", "--help"],
      ["invoke", "--help"],
      ["functions", "list", "--help"],
      ["secrets", "set", "--help"],
      ["allowlist", "add", "-h"],
      ["help", "secrets"],
    ]) {
      const help = await run(args);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout, args.join(" ")).toMatch(/^Usage: lp-faas /);
    }
    expect((await run(["invoke", "--help"])).stdout).toContain("--payload <json>");
    expect((await run(["dev", "--help"])).stdout).toContain("--memory <MB>");
  });

  it("prints the version", async () => {
    const version = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version;
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect((await run(["-v"])).stdout).toBe(`${version}\n`);
  });

  it.each([
    [[], /Usage: lp-faas/],
    [["nope"], /unknown command 'nope'/],
    [["secrets"], /Usage: lp-faas secrets/],
    [["secrets", "list", "--bogus"], /unknown option '--bogus'/],
    [["secrets", "get"], /missing required argument 'key'/],
    [["secrets", "set", "a", "b", "c"], /too many arguments/],
    [["invoke", "f", "--port", "http"], /a port is a whole number/],
    [["invoke", "f", "--payload", "{bad"], /must be JSON/],
    [["invoke", "f", "--payload", "{}", "--payload-file", "x.json"], /cannot be used with option/],
    [["dev", "--timeout", "0"], /a timeout is a whole number/],
    [["dev", "--rate-limit", "1.5"], /a whole number of requests per second/],
    [["dev", "--memory", "32"], /a memory limit is a whole number of MB from 96/],
  ])("exits 2 on bad usage: %j", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });

  it("reports usage errors as one JSON document with --json", async () => {
    for (const args of [
      ["secrets", "list", "--bogus", "--json"],
      ["invoke", "--json"],
      ["nope", "--json"],
      ["functions", "list", "a", "b", "--json"],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toBe("");
      expect(result.json()).toEqual({ error: { code: "com.liveperson.faas.cli.usage", message: expect.any(String) } });
    }
  });

  it("exits 2 for an invalid LP_FAAS_PORT", async () => {
    const result = await run(["invoke", "f", "--json"], { env: { LP_FAAS_PORT: "seventy" } });
    expect(result.code).toBe(2);
    expect(result.json().error.message).toMatch(/LP_FAAS_PORT="seventy" is not valid/);
  });
});

describe("init and functions list", () => {
  it("scaffolds a project, lists its functions, and refuses to scaffold twice", async () => {
    const init = await run(["init", "proj", "--json"]);
    expect(init.code).toBe(0);
    expect(init.json()).toMatchObject({ dir: join(base, "proj"), functions: expect.arrayContaining(["greeting", "async_greeting"]) });

    const list = await run(["functions", "list", "proj", "--json"]);
    expect(list).toMatchObject({ code: 0, stderr: "" });
    const functions = list.json() as Array<{ name: string; uuid: string }>;
    expect(functions.map((f) => f.name)).toEqual(["async_greeting", "context_store", "greeting", "http_request", "logging", "secret_storage"]);
    for (const fn of functions) expect(Object.keys(fn)).toEqual(["name", "uuid", "generation"]);
    // The same uuids from anywhere inside the project (cwd, a function's folder) and in human form.
    expect((await run(["functions", "list", "--json"], { cwd: join(base, "proj", "functions", "greeting") })).json()).toEqual(functions);
    const human = await run(["functions", "list"], { cwd: join(base, "proj") });
    expect(human.stdout).toMatch(/^NAME +UUID +ENTRY +GEN\n/);
    expect(human.stdout).toContain(`greeting        ${functions[2]!.uuid}  functions/greeting/index.js`);

    const again = await run(["init", "proj"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr).toMatch(/^Error: .*functions is not empty/);
    expect(again.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("warns about broken functions on stderr and still lists the others", async () => {
    await run(["init", "p"]);
    writeFileSync(join(base, "p", "functions", "logging", "config.json"), "{ nope");
    const list = await run(["functions", "list", "--json"], { cwd: join(base, "p") });
    expect(list.code).toBe(0);
    expect(list.json()).toHaveLength(5);
    expect(list.stderr).toMatch(/warning: function logging is left out: .*config.json: not valid JSON: .* at line 1, column 3/);
  });

  it("fails outside a project, saying what to do", async () => {
    const result = await run(["functions", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no lpf project here: .* pass --dir <project>, or create one with lp-faas init <dir>/);
    const json = await run(["secrets", "list", "--dir", "missing", "--json"]);
    expect(json.code).toBe(1);
    expect(json.json()).toEqual({ error: { code: "com.liveperson.faas.cli.project-missing", message: expect.stringContaining("does not exist") } });
  });
});

describe("secrets", () => {
  beforeEach(async () => {
    await run(["init", "p"]);
  });
  const inProject = (args: string[]) => run(args, { cwd: join(base, "p") });

  it("lists keys only, gets values, sets JSON or strings, deletes", async () => {
    expect((await inProject(["secrets", "list", "--json"])).json()).toEqual([
      { key: "my_Secret-Key" },
      { key: "lp-faas-default-app-key" },
      { key: "lp-faas-orchestrator-app-key" },
      { key: "context-store-api-key" },
      { key: "LIVEPERSON_DEFAULT_APP_KEY" },
    ]);
    const human = await inProject(["secrets", "list"]);
    expect(human.stdout).toBe("my_Secret-Key\nlp-faas-default-app-key\nlp-faas-orchestrator-app-key\ncontext-store-api-key\nLIVEPERSON_DEFAULT_APP_KEY\n");
    expect(human.stdout).not.toContain("example-secret-value");

    expect((await inProject(["secrets", "set", "count", "42", "--json"])).json()).toEqual({ key: "count", value: 42, created: true });
    expect((await inProject(["secrets", "set", "obj", '{"a":[1,true]}', "--json"])).json()).toEqual({ key: "obj", value: { a: [1, true] }, created: true });
    expect((await inProject(["secrets", "set", "text", "not json", "--json"])).json().value).toBe("not json");
    expect((await inProject(["secrets", "set", "forced", "42", "--string", "--json"])).json().value).toBe("42");
    const replaced = await inProject(["secrets", "set", "count", "43"]);
    expect(replaced).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Updated secret count in /) });

    expect((await inProject(["secrets", "get", "count", "--json"])).json()).toEqual({ key: "count", value: 43 });
    expect((await inProject(["secrets", "get", "text"])).stdout).toBe("not json\n");
    expect((await inProject(["secrets", "get", "obj"])).stdout).toBe(`${JSON.stringify({ a: [1, true] }, null, 2)}\n`);
    expect((await inProject(["secrets", "list", "--json"])).json().map((s: { key: string }) => s.key)).toEqual([
      "my_Secret-Key",
      "lp-faas-default-app-key",
      "lp-faas-orchestrator-app-key",
      "context-store-api-key",
      "LIVEPERSON_DEFAULT_APP_KEY",
      "count",
      "obj",
      "text",
      "forced",
    ]);

    const settings = JSON.parse(readFileSync(join(base, "p", "functions", "settings.json"), "utf8"));
    expect(settings.secrets).toContainEqual({ key: "forced", value: "42" });

    expect((await inProject(["secrets", "delete", "count", "--json"])).json()).toEqual({ key: "count", deleted: true });
    const missing = await inProject(["secrets", "get", "count", "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json()).toEqual({ error: { code: "com.liveperson.faas.secret.not-found", message: expect.stringContaining("There is no secret count") } });
    expect((await inProject(["secrets", "delete", "count"])).code).toBe(1);
  });

  it("refuses to replace or delete a system secret without --force", async () => {
    const before = (await inProject(["secrets", "get", "lp-faas-default-app-key", "--json"])).json();
    const set = await inProject(["secrets", "set", "lp-faas-default-app-key", "x", "--json"]);
    expect(set.code).toBe(1);
    expect(set.json()).toEqual({ error: { code: "com.liveperson.faas.secret.forbidden", message: expect.stringContaining("--force") } });
    const deleted = await inProject(["secrets", "delete", "lp-faas-orchestrator-app-key", "--json"]);
    expect(deleted.code).toBe(1);
    expect(deleted.json().error.message).toContain("--force");
    expect((await inProject(["secrets", "get", "lp-faas-default-app-key", "--json"])).json()).toEqual(before);
    expect((await inProject(["secrets", "set", "lp-faas-default-app-key", '{"consumerKey":"k"}', "--force", "--json"])).code).toBe(0);
    expect((await inProject(["secrets", "delete", "lp-faas-orchestrator-app-key", "--force", "--json"])).json()).toEqual({
      key: "lp-faas-orchestrator-app-key",
      deleted: true,
    });
  });

  it("refuses a bad name or an oversized value with exit code 1", async () => {
    const badName = await inProject(["secrets", "set", "bad name", "v", "--json"]);
    expect(badName.code).toBe(1);
    expect(badName.json().error).toEqual({ code: "com.liveperson.faas.es.badinput", message: expect.stringContaining('letters, digits, "_" or "-"') });
    const tooLong = await inProject(["secrets", "set", "big", "x".repeat(16_385)]);
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/the limit is 16384/);
  });

  it("works with --dir from anywhere", async () => {
    mkdirSync(join(base, "elsewhere"));
    const set = await run(["secrets", "set", "k", "v", "--dir", join(base, "p")], { cwd: join(base, "elsewhere") });
    expect(set.code).toBe(0);
    expect((await inProject(["secrets", "get", "k"])).stdout).toBe("v\n");
  });

  it("reports a malformed settings.json by line and leaves it alone", async () => {
    const path = join(base, "p", "functions", "settings.json");
    writeFileSync(path, '{\n    "secrets": [\n        { "key": "a", "value": 1 },\n    ]\n}\n');
    const before = readFileSync(path, "utf8");
    for (const args of [
      ["secrets", "list", "--json"],
      ["secrets", "set", "k", "v", "--json"],
      ["allowlist", "add", "a.com", "--json"],
    ]) {
      const result = await inProject(args);
      expect(result.code).toBe(1);
      expect(result.json().error).toEqual({
        code: "com.liveperson.faas.platform.invalid-project",
        message: expect.stringMatching(/settings\.json: not valid JSON: .* at line 4, column 5$/),
      });
    }
    expect(readFileSync(path, "utf8")).toBe(before);
  });
});

describe("allowlist", () => {
  it("adds, lists and removes validated entries", async () => {
    await run(["init", "p"]);
    const inProject = (args: string[]) => run(args, { cwd: join(base, "p") });
    expect((await inProject(["allowlist", "list", "--json"])).json()).toEqual({ entries: ["*.liveperson.com", "*.context.liveperson.net"] });
    expect((await inProject(["allowlist", "add", "api.example.com", "--json"])).json()).toEqual({
      entry: "api.example.com",
      added: true,
      entries: ["*.liveperson.com", "*.context.liveperson.net", "api.example.com"],
    });
    const again = await inProject(["allowlist", "add", "API.example.com"]);
    expect(again).toMatchObject({ code: 0, stdout: "API.example.com is already on the allowlist\n" });

    const url = await inProject(["allowlist", "add", "https://api.example.com/v1", "--json"]);
    expect(url.code).toBe(1);
    expect(url.json().error).toEqual({ code: "com.liveperson.faas.es.badinput", message: expect.stringContaining('write "api.example.com"') });
    const dot = await inProject(["allowlist", "add", ".example.com"]);
    expect(dot.code).toBe(1);
    expect(dot.stderr).toContain('write "*.example.com"');

    expect((await inProject(["allowlist", "remove", "api.example.com", "--json"])).json()).toEqual({
      entry: "api.example.com",
      removed: true,
      entries: ["*.liveperson.com", "*.context.liveperson.net"],
    });
    const missing = await inProject(["allowlist", "remove", "api.example.com"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/is not on the allowlist/);
    expect((await inProject(["allowlist", "list"])).stdout).toBe("*.liveperson.com\n*.context.liveperson.net\n");
  });
});
