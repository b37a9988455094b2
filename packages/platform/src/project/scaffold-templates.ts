/**
 * What `lp-faas init` writes: an lpf-compatible project (the layout and config
 * files `lpf init` makes) with one example function per common pattern. The project lives as
 * real files in `templates/project/` of this package (JavaScript that runs
 * unchanged on LivePerson Functions (V1) and on the local platform, JSON,
 * Markdown); this module finds them and fills in their placeholders, whose
 * scheme `templates/README.md` documents. `examples/` in the repository is
 * generated from the same files (`npm run examples:generate`).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { templateCode, v2TemplateNamed } from "./function-templates";

export const EXAMPLE_SECRET_KEY = "my_Secret-Key";
/** The secrets init provisions (random per project, local only), named by the platform contract. */
export { CONTEXT_STORE_KEY_SECRET, DEFAULT_APP_KEY_SECRET, ORCHESTRATOR_APP_KEY_SECRET } from "lp-faas-toolbelt/platform";

/**
 * The template project: `<package>/templates/project`. Both `src/project/` (vitest) and
 * `dist/project/` (the built package) sit two levels below the package root.
 */
export const PROJECT_TEMPLATE_DIR = join(__dirname, "..", "..", "templates", "project");

/** Output paths whose template file has another name: npm leaves files named `.gitignore` out of a package. */
const TEMPLATE_FILE_NAMES: Readonly<Record<string, string>> = { ".gitignore": "gitignore" };

/** A template file's text, `path` relative to the project ("/" separators), line endings as LF whatever the checkout did. */
function readTemplate(path: string, templateDir = PROJECT_TEMPLATE_DIR): string {
  const file = join(templateDir, ...(TEMPLATE_FILE_NAMES[path] ?? path).split("/"));
  if (!existsSync(file)) {
    throw new Error(
      existsSync(templateDir)
        ? `the scaffold template ${path} is missing from ${templateDir}`
        : `lp-faas-platform's project templates are missing (${templateDir}); reinstall the package`,
    );
  }
  return readFileSync(file, "utf8").replace(/\r\n/g, "\n");
}

export interface ExampleFunction {
  readonly name: string;
  /** config.json `description`. */
  readonly description: string;
  /** config.json `input.payload`. */
  readonly payload: Record<string, unknown>;
  /** index.js. */
  readonly code: string;
}

/** An example function whose description, payload and code are read from its template folder when asked for. */
function exampleFunction(name: string): ExampleFunction {
  const config = () => JSON.parse(readTemplate(`functions/${name}/config.json`)) as { description: string; input: { payload: Record<string, unknown> } };
  return {
    name,
    get description() {
      return config().description;
    },
    get payload() {
      return config().input.payload;
    },
    get code() {
      return readTemplate(`functions/${name}/index.js`);
    },
  };
}

/**
 * The example functions (`templates/project/functions/<name>/`), in the order init writes
 * and lists them. A new template function folder needs its name here (scaffold.test.ts checks).
 */
export const EXAMPLE_FUNCTIONS: readonly ExampleFunction[] = ["greeting", "async_greeting", "http_request", "secret_storage", "context_store", "logging"].map(
  exampleFunction,
);

/** The V2 project `lp-faas init --v2` writes: `<package>/templates/v2/project` (its functions' code comes from `templates/v2/functions/`). */
export const V2_PROJECT_TEMPLATE_DIR = join(__dirname, "..", "..", "templates", "v2", "project");

/**
 * The example functions of `lp-faas init --v2`, in the order it writes and lists them: each V2 function
 * template (templates/v2/functions/<template>/index.mjs, written as index.js) under a name, with its
 * config.json from templates/v2/project/functions/<name>/, and one V1 function (its own index.js there)
 * that the orchestrator example calls.
 */
export const V2_EXAMPLE_FUNCTIONS: ReadonlyArray<{ readonly name: string; readonly template?: string }> = Object.freeze([
  { name: "hello", template: "default" },
  { name: "http_fetch", template: "http" },
  { name: "lp_client", template: "lp_client" },
  { name: "secret_storage", template: "secret_storage" },
  { name: "orchestrator", template: "orchestrator" },
  { name: "context_store", template: "context_store" },
  { name: "v1_greeter" },
]);

/**
 * The V2 project's files: output path → where its text comes from. `verbatim`: a function template's code,
 * written as it is (JavaScript has no placeholders, and JSDoc types such as `{{ value: string }}` are not ones).
 */
function v2ProjectFiles(): Array<{ path: string; text: () => string; verbatim?: true }> {
  const fromV2 = (path: string) => ({ path, text: () => readTemplate(path, V2_PROJECT_TEMPLATE_DIR) });
  return [
    fromV2("functions/settings.json"),
    ...V2_EXAMPLE_FUNCTIONS.flatMap((fn) => {
      const template = fn.template === undefined ? undefined : v2TemplateNamed(fn.template);
      if (fn.template !== undefined && !template) throw new Error(`V2_EXAMPLE_FUNCTIONS: there is no V2 template ${fn.template}`);
      return [
        template
          ? { path: `functions/${fn.name}/index.js`, text: () => templateCode(template), verbatim: true as const }
          : fromV2(`functions/${fn.name}/index.js`),
        fromV2(`functions/${fn.name}/config.json`),
      ];
    }),
    fromV2("README.md"),
    ...EXAMPLE_CONVERSATION_FIXTURES.map((fixture) => ({
      path: `fixtures/conversations/${fixture.file}`,
      text: () => readTemplate(`fixtures/conversations/${fixture.file}`),
    })),
    fromV2(".gitignore"),
    fromV2("bin/core-functions-toolbelt/package.json"),
  ];
}

/** Every file of the V2 template project (output paths), in the order `init --v2` writes them. */
export function v2ProjectTemplatePaths(): string[] {
  return v2ProjectFiles().map((file) => file.path);
}

/** The V2 template project rendered with `values` (the same placeholders as the V1 project's). */
export function renderV2ProjectTemplates(values: ScaffoldValues): Array<{ path: string; text: string }> {
  return v2ProjectFiles().map(({ path, text, verbatim }) => ({ path, text: verbatim ? text() : fillPlaceholders(path, text(), values) }));
}

/** The example conversations `lp-faas init` writes under fixtures/conversations/ (templates/project/fixtures/conversations/). */
export const EXAMPLE_CONVERSATION_FIXTURES: ReadonlyArray<{ file: string; description: string; build: () => Record<string, unknown> }> = [
  { file: "order-delivery-open.json", description: "an open web conversation (skill Orders) with a hosted file, as a search response" },
  { file: "billing-refund-closed.json", description: "a closed in-app conversation (skill Billing) of an unauthenticated consumer, as a bare record" },
].map((fixture) => ({ ...fixture, build: () => JSON.parse(readTemplate(`fixtures/conversations/${fixture.file}`)) as Record<string, unknown> }));

export function conversationFixtureJson(fixture: { build: () => Record<string, unknown> }): string {
  return `${JSON.stringify(fixture.build(), null, 2)}\n`;
}

/** Every file of the template project (output paths), in the order init writes them. */
export function projectTemplatePaths(): string[] {
  return [
    "functions/settings.json",
    ...EXAMPLE_FUNCTIONS.flatMap((fn) => [`functions/${fn.name}/index.js`, `functions/${fn.name}/config.json`]),
    "README.md",
    ...EXAMPLE_CONVERSATION_FIXTURES.map((fixture) => `fixtures/conversations/${fixture.file}`),
    ".gitignore",
  ];
}

/** An OAuth 1.0a app key as the platform keeps it in a secret. */
export interface LocalAppKey {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

/** OAuth 2.0 client credentials as the platform keeps them in the secret LIVEPERSON_DEFAULT_APP_KEY. */
export interface LocalOAuth2Client {
  client_id: string;
  client_secret: string;
}

/**
 * What init computes per project: each field (a nested one joined with ".") fills the
 * placeholder of that name, e.g. `{{defaultAppKey.token}}`; templates/README.md lists them.
 */
export interface ScaffoldValues {
  /** The project folder's name (the README's title). */
  projectName: string;
  /** The value of secret `lp-faas-default-app-key`. */
  defaultAppKey: LocalAppKey;
  /** The value of secret `lp-faas-orchestrator-app-key`. */
  orchestratorAppKey: LocalAppKey;
  /** The value of secret `context-store-api-key`, registered as a key of the platform's account when the platform starts (state/context-keys). */
  contextStoreApiKey: string;
  /** The value of secret `LIVEPERSON_DEFAULT_APP_KEY`, the client credentials Sentinel's token endpoint checks (V2). */
  oauth2Client: LocalOAuth2Client;
}

function localAppKey(): LocalAppKey {
  const random = (): string => randomBytes(16).toString("hex");
  return { consumerKey: random(), consumerSecret: random(), token: random(), tokenSecret: random() };
}

/** Fresh values for a new project: random local credentials (nothing leaves the machine). */
export function randomScaffoldValues(projectName: string): ScaffoldValues {
  return {
    projectName,
    defaultAppKey: localAppKey(),
    orchestratorAppKey: localAppKey(),
    contextStoreApiKey: randomBytes(24).toString("base64url"),
    oauth2Client: { client_id: randomBytes(16).toString("hex"), client_secret: randomBytes(24).toString("base64url") },
  };
}

/** `{{name}}`; anything between double braces counts, so a misspelt placeholder fails instead of staying in the file. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function placeholderValues(values: object, prefix = "", table = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === "string") table.set(`${prefix}${key}`, value);
    else if (value !== null && typeof value === "object") placeholderValues(value as object, `${prefix}${key}.`, table);
  }
  return table;
}

/**
 * Replaces each `{{name}}` in `text` with its value; in a JSON file (`path` ends in .json) the
 * value is escaped for the JSON string the placeholder stands in. Throws on an unknown name.
 */
export function fillPlaceholders(path: string, text: string, values: ScaffoldValues): string {
  const table = placeholderValues(values);
  return text.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = table.get(name);
    if (value === undefined)
      throw new Error(`templates/project/${path}: unknown placeholder ${placeholder} (known: ${[...table.keys()].map((key) => `{{${key}}}`).join(", ")})`);
    return path.endsWith(".json") ? JSON.stringify(value).slice(1, -1) : value;
  });
}

/** The template project rendered with `values`: every file init writes, in order, with its text. */
export function renderProjectTemplates(values: ScaffoldValues): Array<{ path: string; text: string }> {
  return projectTemplatePaths().map((path) => ({ path, text: fillPlaceholders(path, readTemplate(path), values) }));
}
