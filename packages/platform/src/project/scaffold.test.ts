import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OAUTH2_APP_KEY_SECRET } from "../auth/oauth2-client-credentials";
import { httpStatusOf, PlatformError } from "../errors";
import { functionUuid, loadFunctionCatalog } from "./function-catalog";
import { TEMPLATES_DIR, V2_FUNCTION_TEMPLATES } from "./function-templates";
import { scaffoldProject } from "./scaffold";
import {
  CONTEXT_STORE_KEY_SECRET,
  conversationFixtureJson,
  DEFAULT_APP_KEY_SECRET,
  EXAMPLE_CONVERSATION_FIXTURES,
  EXAMPLE_FUNCTIONS,
  EXAMPLE_SECRET_KEY,
  fillPlaceholders,
  ORCHESTRATOR_APP_KEY_SECRET,
  PROJECT_TEMPLATE_DIR,
  projectTemplatePaths,
  V2_EXAMPLE_FUNCTIONS,
  v2ProjectTemplatePaths,
  type ScaffoldValues,
} from "./scaffold-templates";
import { openSettingsStore } from "./settings-store";

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "lp-faas-scaffold-"));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

const EXAMPLES = ["async_greeting", "context_store", "greeting", "http_request", "logging", "secret_storage"];

/** Runs an example's code the way the platform loads it: module scope, a global `lambda` or module.exports.lambda. */
async function runExample(dir: string, name: string, payload: unknown): Promise<{ result: unknown; logs: Array<[string, unknown[]]> }> {
  const code = readFileSync(join(dir, "functions", name, "index.js"), "utf8");
  const logs: Array<[string, unknown[]]> = [];
  const console = Object.fromEntries(["debug", "info", "warn", "error"].map((level) => [level, (...args: unknown[]) => logs.push([level, args])]));
  const module = { exports: {} as { lambda?: (...args: unknown[]) => unknown } };
  const sandbox = { module, exports: module.exports, console, process: { env: { BRAND_ID: "123", LAMBDA_UUID: "u" } } };
  const globalLambda = runInNewContext(`${code}\n;typeof lambda === "function" ? lambda : undefined`, sandbox) as ((...args: unknown[]) => unknown) | undefined;
  const lambda = module.exports.lambda ?? globalLambda!;
  const input = { headers: [], payload };
  const result =
    lambda.length >= 2
      ? await new Promise((resolve, reject) =>
          lambda(input, (err: unknown, value: unknown) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(value))),
        )
      : await lambda(input);
  return { result, logs };
}

describe("scaffoldProject", () => {
  it("writes an lpf-compatible project with one example per pattern", () => {
    const dir = join(base, "my-project");
    const result = scaffoldProject(dir);
    expect(result.dir).toBe(dir);
    expect(result.functions.sort()).toEqual(EXAMPLES);
    expect(result.created).toContain("functions/settings.json");
    expect(result.created).toContain("README.md");
    expect(result.created).toContain(".gitignore");
    expect(readdirSync(join(dir, "functions")).sort()).toEqual([...EXAMPLES, "settings.json"].sort());

    const settings = openSettingsStore(dir).read();
    expect(settings.secrets).toEqual([
      { key: "my_Secret-Key", value: "example-secret-value" },
      // The app key the platform provisions for every account, random per project.
      {
        key: "lp-faas-default-app-key",
        value: {
          consumerKey: expect.stringMatching(/^[0-9a-f]{32}$/),
          consumerSecret: expect.stringMatching(/^[0-9a-f]{32}$/),
          token: expect.stringMatching(/^[0-9a-f]{32}$/),
          tokenSecret: expect.stringMatching(/^[0-9a-f]{32}$/),
        },
      },
      // The app key the OrchestratorClient signs gateway calls with, random per project too.
      {
        key: "lp-faas-orchestrator-app-key",
        value: {
          consumerKey: expect.stringMatching(/^[0-9a-f]{32}$/),
          consumerSecret: expect.stringMatching(/^[0-9a-f]{32}$/),
          token: expect.stringMatching(/^[0-9a-f]{32}$/),
          tokenSecret: expect.stringMatching(/^[0-9a-f]{32}$/),
        },
      },
      // The Context Session Store key the platform registers for its account at start.
      { key: "context-store-api-key", value: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) },
      // The OAuth 2.0 client credentials Sentinel's token endpoint checks (V2), random per project.
      {
        key: "LIVEPERSON_DEFAULT_APP_KEY",
        value: { client_id: expect.stringMatching(/^[0-9a-f]{32}$/), client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) },
      },
    ]);
    const [, defaultKey, orchestratorKey] = settings.secrets as Array<{ value: Record<string, string> }>;
    expect(orchestratorKey!.value.consumerKey).not.toBe(defaultKey!.value.consumerKey);
    expect(settings.whitelist).toEqual(["*.liveperson.com", "*.context.liveperson.net"]);
    expect(readFileSync(join(dir, "functions", "settings.json"), "utf8")).toBe(`${JSON.stringify(settings, null, 4)}\n`);

    for (const name of EXAMPLES) {
      const config = JSON.parse(readFileSync(join(dir, "functions", name, "config.json"), "utf8"));
      expect(Object.keys(config)).toEqual(["name", "event", "description", "input", "environmentVariables"]);
      expect(config).toMatchObject({ name, event: null, input: { headers: [] }, environmentVariables: [] });
      expect(typeof config.input.payload).toBe("object");
    }
    const catalog = loadFunctionCatalog(dir);
    expect(catalog.list().map((fn) => fn.name)).toEqual(EXAMPLES);
    expect(catalog.problems()).toEqual([]);

    expect(readFileSync(join(dir, ".gitignore"), "utf8").split("\n")).toContain(".lp-faas/");
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const command of ["lp-faas dev", "lp-faas invoke", "lp-faas functions list", "lp-faas secrets set", "lp-faas allowlist add"])
      expect(readme).toContain(command);
  });

  it("writes examples that follow the documented forms", async () => {
    const dir = join(base, "p");
    scaffoldProject(dir);
    const code = (name: string) => readFileSync(join(dir, "functions", name, "index.js"), "utf8");
    expect(code("greeting")).toMatch(/^function lambda\(input, callback\) \{/m);
    expect(code("greeting")).not.toContain("module.exports");
    expect(code("async_greeting")).toMatch(/module\.exports\.lambda = async function lambda\(input\)/);
    expect(code("http_request")).toMatch(/simple: false/);
    expect(code("http_request")).toMatch(/resolveWithFullResponse: true/);
    expect(code("http_request")).toContain("Socket is closed");
    expect(code("secret_storage")).toContain("Toolbelt.SecretClient()");
    expect(code("secret_storage")).toContain('.readSecret("my_Secret-Key")');
    expect(code("secret_storage")).toContain("secretClient.updateSecret(mySecret)");
    for (const name of EXAMPLES) expect(code(name)).not.toMatch(/console\.log\(/); // the platform has no console.log

    expect(await runExample(dir, "greeting", { name: "Ada" })).toEqual({ result: { message: "Hello Ada!" }, logs: [["info", ["Greeting Ada"]]] });
    expect((await runExample(dir, "async_greeting", { name: "Grace" })).result).toEqual({ message: "Hello Grace!", accountId: "123", functionUuid: "u" });
    const logging = await runExample(dir, "logging", { orderId: "A-1" });
    expect(logging.result).toEqual({ orderId: "A-1", logged: 4 });
    expect(logging.logs.map(([level]) => level)).toEqual(["debug", "info", "warn", "error"]);
  });

  it("creates missing folders, keeps an existing README and completes an existing .gitignore", () => {
    const dir = join(base, "existing");
    mkdirSync(join(dir, "functions"), { recursive: true });
    writeFileSync(join(dir, "README.md"), "mine\n");
    writeFileSync(join(dir, ".gitignore"), "node_modules/\n.env");
    const result = scaffoldProject(dir);
    expect(result.created).not.toContain("README.md");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("mine\n");
    const gitignore = readFileSync(join(dir, ".gitignore"), "utf8").split("\n");
    expect(gitignore.slice(0, 3)).toEqual(["node_modules/", ".env", ".lp-faas/"]);
    expect(gitignore.filter((line) => line === "node_modules/")).toHaveLength(1);
  });

  it("refuses a non-empty functions/ folder and writes nothing", () => {
    const dir = join(base, "taken");
    mkdirSync(join(dir, "functions", "mine"), { recursive: true });
    let error: unknown;
    try {
      scaffoldProject(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlatformError);
    expect(httpStatusOf((error as PlatformError).code)).toBe(400);
    expect((error as PlatformError).message).toMatch(/functions is not empty \(mine\)/);
    expect(readdirSync(dir)).toEqual(["functions"]);
    expect(existsSync(join(dir, "functions", "settings.json"))).toBe(false);
  });

  it("refuses a file as the project folder", () => {
    writeFileSync(join(base, "file"), "");
    expect(() => scaffoldProject(join(base, "file"))).toThrow(/is a file/);
  });
});

/** Every file under `dir`, relative with "/" separators, sorted. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

const FIXED: ScaffoldValues = {
  projectName: "fixed-name",
  defaultAppKey: { consumerKey: "dk", consumerSecret: "ds", token: "dt", tokenSecret: "dts" },
  orchestratorAppKey: { consumerKey: "ok", consumerSecret: "os", token: "ot", tokenSecret: "ots" },
  contextStoreApiKey: "context-key",
  oauth2Client: { client_id: "oauth2-id", client_secret: "oauth2-secret" },
};

describe("the templates (templates/project)", () => {
  it("are exactly the files init writes, in its order", () => {
    const templates = filesUnder(PROJECT_TEMPLATE_DIR)
      .map((path) => (path === "gitignore" ? ".gitignore" : path))
      .sort();
    expect(templates).toEqual([...projectTemplatePaths()].sort());
    expect(
      readdirSync(join(PROJECT_TEMPLATE_DIR, "functions"), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(EXAMPLES);
    const dir = join(base, "fresh");
    expect(scaffoldProject(dir).created).toEqual(projectTemplatePaths());
    expect(filesUnder(dir)).toEqual([...projectTemplatePaths()].sort());
  });

  it("get their placeholders filled and keep nothing else from the template", () => {
    const dir = join(base, "any-folder");
    scaffoldProject(dir, { values: FIXED });
    for (const path of projectTemplatePaths()) {
      const written = readFileSync(join(dir, path), "utf8");
      expect(written, path).not.toMatch(/\{\{|\}\}/);
      const template = readFileSync(join(PROJECT_TEMPLATE_DIR, path === ".gitignore" ? "gitignore" : path), "utf8");
      if (!template.includes("{{")) expect(written, path).toBe(template);
    }
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# fixed-name\n/);
    expect(openSettingsStore(dir).read().secrets).toEqual([
      { key: EXAMPLE_SECRET_KEY, value: "example-secret-value" },
      { key: DEFAULT_APP_KEY_SECRET, value: FIXED.defaultAppKey },
      { key: ORCHESTRATOR_APP_KEY_SECRET, value: FIXED.orchestratorAppKey },
      { key: CONTEXT_STORE_KEY_SECRET, value: FIXED.contextStoreApiKey },
      { key: OAUTH2_APP_KEY_SECRET, value: FIXED.oauth2Client },
    ]);
    // Without values: the folder's name, random credentials.
    scaffoldProject(join(base, "named"));
    expect(readFileSync(join(base, "named", "README.md"), "utf8")).toMatch(/^# named\n/);
  });

  it("fillPlaceholders: JSON-escapes in .json files, refuses unknown or misspelt names", () => {
    const values = { ...FIXED, projectName: 'a "quoted" \\ name' };
    expect(fillPlaceholders("README.md", "# {{projectName}}", values)).toBe('# a "quoted" \\ name');
    expect(fillPlaceholders("x.json", '{"n": "{{projectName}}"}', values)).toBe('{"n": "a \\"quoted\\" \\\\ name"}');
    expect(fillPlaceholders("a.json", '"{{orchestratorAppKey.tokenSecret}}"', values)).toBe('"ots"');
    expect(() => fillPlaceholders("README.md", "{{projectname}}", values)).toThrow(
      /templates\/project\/README\.md: unknown placeholder \{\{projectname\}\} \(known: \{\{projectName\}\}, /,
    );
    expect(() => fillPlaceholders("README.md", "{{ projectName }}", values)).toThrow(/unknown placeholder/);
    expect(fillPlaceholders("README.md", "{ _metadata, records: [...] } and {a}", values)).toBe("{ _metadata, records: [...] } and {a}");
  });

  it("agree with the names the platform uses and with what the README says", () => {
    const code = (name: string) => EXAMPLE_FUNCTIONS.find((fn) => fn.name === name)!.code;
    expect(code("context_store")).toContain(`readSecret("${CONTEXT_STORE_KEY_SECRET}")`);
    expect(code("secret_storage")).toContain(`readSecret("${EXAMPLE_SECRET_KEY}")`);
    const readme = readFileSync(join(PROJECT_TEMPLATE_DIR, "README.md"), "utf8");
    const listed = [...readme.matchAll(/^- `functions\/(\w+)\/`: (.*)$/gm)].map(([, name, description]) => ({ name, description }));
    expect(listed).toEqual(EXAMPLE_FUNCTIONS.map((fn) => ({ name: fn.name, description: fn.description })));
    for (const fn of EXAMPLE_FUNCTIONS) {
      expect(JSON.parse(readFileSync(join(PROJECT_TEMPLATE_DIR, "functions", fn.name, "config.json"), "utf8")).input.payload).toEqual(fn.payload);
    }
  });

  it("EXAMPLE_CONVERSATION_FIXTURES and conversationFixtureJson give the fixture files' text", () => {
    for (const fixture of EXAMPLE_CONVERSATION_FIXTURES) {
      expect(conversationFixtureJson(fixture)).toBe(readFileSync(join(PROJECT_TEMPLATE_DIR, "fixtures", "conversations", fixture.file), "utf8"));
    }
  });
});

describe("scaffoldProject with generation 2 (lp-faas init --v2)", () => {
  it("writes every V2 template file, placeholders filled, and no V1 examples", () => {
    const dir = join(base, "v2-project");
    const result = scaffoldProject(dir, { generation: 2 });
    expect(result.functions).toEqual(V2_EXAMPLE_FUNCTIONS.map((fn) => fn.name));
    expect(result.created).toEqual(v2ProjectTemplatePaths());
    for (const file of result.created) expect(readFileSync(join(dir, file), "utf8")).not.toMatch(/\{\{(projectName|oauth2Client|contextStoreApiKey)/);
    expect(existsSync(join(dir, "functions", "greeting"))).toBe(false);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# v2-project\n/);
  });

  it("provisions the secrets the V2 examples read, under the platform's names", () => {
    const dir = join(base, "v2-secrets");
    scaffoldProject(dir, { generation: 2 });
    const settings = openSettingsStore(dir);
    expect(settings.read().secrets.map((secret) => secret.key)).toEqual([OAUTH2_APP_KEY_SECRET, "api-credentials", CONTEXT_STORE_KEY_SECRET]);
    const code = readFileSync(join(dir, "functions", "context_store", "index.js"), "utf8");
    expect(code).toContain(`readSecret("${CONTEXT_STORE_KEY_SECRET}")`);
  });

  it("names each V2 example in the README, gives it a matching config.json, and tells the platform it is V2", () => {
    const dir = join(base, "v2-catalog");
    scaffoldProject(dir, { generation: 2 });
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const generations = Object.fromEntries(
      loadFunctionCatalog(dir)
        .list()
        .map((fn) => [fn.name, fn.generation]),
    );
    for (const { name } of V2_EXAMPLE_FUNCTIONS) {
      expect(readme).toContain(`\`functions/${name}/\``);
      expect(JSON.parse(readFileSync(join(dir, "functions", name, "config.json"), "utf8"))).toMatchObject({ name });
      expect(generations[name]).toBe(name === "v1_greeter" ? 1 : 2);
    }
    // Without lpf's bin/ marker too (it is .gitignored, as lpf does): the code or the config.json says it.
    rmSync(join(dir, "bin"), { recursive: true });
    const withoutMarker = Object.fromEntries(
      loadFunctionCatalog(dir)
        .list()
        .map((fn) => [fn.name, fn.generation]),
    );
    expect(withoutMarker).toEqual(generations);
  });

  it("uses every V2 function template, and the orchestrator example calls v1_greeter by its uuid", () => {
    const used = new Set(V2_EXAMPLE_FUNCTIONS.map((fn) => fn.template).filter(Boolean));
    expect([...used].sort()).toEqual(V2_FUNCTION_TEMPLATES.map((t) => t.name).sort());
    const folders = readdirSync(join(TEMPLATES_DIR, "v2", "functions")).sort();
    expect(folders).toEqual(V2_FUNCTION_TEMPLATES.map((t) => t.name).sort());
    const dir = join(base, "v2-orchestrator");
    scaffoldProject(dir, { generation: 2 });
    const config = JSON.parse(readFileSync(join(dir, "functions", "orchestrator", "config.json"), "utf8")) as { environmentVariables: Record<string, string> };
    expect(config.environmentVariables.GREETER_UUID).toBe(functionUuid("v1_greeter"));
  });
});
