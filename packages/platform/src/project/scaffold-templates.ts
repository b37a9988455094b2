/**
 * What `lp-faas init` writes: an lpf-compatible project (spec/lpf-project.md
 * §2-4) with one example function per common pattern. The function code runs
 * unchanged on LivePerson Functions (V1) and on the local platform.
 */

export interface ExampleFunction {
  name: string;
  description: string;
  payload: Record<string, unknown>;
  code: string;
}

export const EXAMPLE_SECRET_KEY = "my_Secret-Key";

export const EXAMPLE_FUNCTIONS: readonly ExampleFunction[] = [
  {
    name: "greeting",
    description: "The callback form: lambda(input, callback)",
    payload: { name: "Ada" },
    code: `/**
 * The callback form (V1): the platform calls lambda(input, callback) with
 * input = { headers, payload }. Call callback(error, result) exactly once;
 * a function that never calls back fails with executiontime-exceeded.
 */
function lambda(input, callback) {
  const name = input.payload.name || "World";
  console.info(\`Greeting \${name}\`);
  callback(null, { message: \`Hello \${name}!\` });
}
`,
  },
  {
    name: "async_greeting",
    description: "The async form: an async lambda(input) that returns its result",
    payload: { name: "Grace" },
    code: `/**
 * The async form: return the result, or throw an Error to fail the
 * invocation (code com.liveperson.faas.handler.custom-failure).
 * process.env holds the platform's variables (BRAND_ID, LAMBDA_UUID, ...)
 * and the function's own environmentVariables from config.json.
 */
module.exports.lambda = async function lambda(input) {
  const { name = "World" } = input.payload;
  return { message: \`Hello \${name}!\`, accountId: process.env.BRAND_ID, functionUuid: process.env.LAMBDA_UUID };
};
`,
  },
  {
    name: "http_request",
    description: "GET a URL through the toolbelt's HTTPClient (the host must be on the allowlist)",
    payload: { url: "https://developers.liveperson.com/" },
    code: `/**
 * Calls an external API. Every request leaves through the platform's proxy,
 * which only lets hosts on the allowlist through (functions/settings.json
 * "whitelist"; lp-faas allowlist add <host>). A host that is not listed gets
 * its connection closed: the error message is "Socket is closed".
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const httpClient = Toolbelt.HTTPClient();

function lambda(input, callback) {
  const { url } = input.payload;
  httpClient(url, {
    method: "GET",
    headers: {},
    simple: false, // a 4xx/5xx answer resolves instead of rejecting
    resolveWithFullResponse: true, // resolve with { statusCode, headers, body }
  })
    .then((response) => {
      console.info(\`GET \${url} answered \${response.statusCode}\`);
      callback(null, { statusCode: response.statusCode, contentType: response.headers["content-type"] });
    })
    .catch((err) => {
      if (String(err.message).includes("Socket is closed")) {
        console.error(\`need to whitelist the host of \${url} (lp-faas allowlist add <host>)\`);
      }
      callback(err, null);
    });
}
`,
  },
  {
    name: "secret_storage",
    description: "Read a secret and update it through the toolbelt's SecretClient",
    payload: {},
    code: `/**
 * Secrets live in the account's secret storage; locally in
 * functions/settings.json "secrets" (lp-faas secrets set <key> <value>).
 * A function may read them and update existing ones, but not create them.
 */
const { Toolbelt } = require("lp-faas-toolbelt");

const secretClient = Toolbelt.SecretClient();

function lambda(input, callback) {
  secretClient
    .readSecret("${EXAMPLE_SECRET_KEY}")
    .then((mySecret) => {
      // Fetching the secret value
      const value = mySecret.value;
      console.info(\`read a secret of \${String(value).length} characters\`);
      // you can also update your secret e.g. if you received a new OAuth2 token
      mySecret.value = "nEw.oaUtH2-tOKeN!!11!";
      return secretClient.updateSecret(mySecret);
    })
    .then((_) => {
      callback(null, { message: "Successfully updated secret" });
    })
    .catch((err) => {
      console.error(\`Failed during secret operation with \${err.message}\`);
      callback(err, null);
    });
}
`,
  },
  {
    name: "logging",
    description: "Log with console.debug/info/warn/error and extra values",
    payload: { orderId: "A-1001" },
    code: `/**
 * console.debug, console.info, console.warn and console.error are recorded as
 * the invocation's logs: { level, message, extras, timestamp }, where extras
 * are the arguments after the first. There is no console.log on the platform.
 * Debug logs are shown locally but never stored by the real platform.
 */
async function lambda(input) {
  const { orderId } = input.payload;
  console.debug("Received input", input.payload);
  console.info("Processing order", { orderId });
  console.warn("Stock is low", { orderId, remaining: 2 });
  console.error("Logging an error does not fail the invocation", { orderId, code: "LOW_STOCK" });
  return { orderId, logged: 4 };
}

module.exports = { lambda };
`,
  },
];

/** lpf's config.json shape (CLI1: environmentVariables as an array), 4-space indent. */
export function configJson(fn: ExampleFunction): string {
  const config = {
    name: fn.name,
    event: null,
    description: fn.description,
    input: { headers: [], payload: fn.payload },
    environmentVariables: [],
  };
  return `${JSON.stringify(config, null, 4)}\n`;
}

export function settingsJson(): string {
  const settings = {
    secrets: [{ key: EXAMPLE_SECRET_KEY, value: "example-secret-value" }],
    whitelist: ["*.liveperson.com"],
  };
  return `${JSON.stringify(settings, null, 4)}\n`;
}

export const GITIGNORE_LINES = [".lp-faas/", "node_modules/", "/bin", ".vscode", ".idea", ".DS_Store"] as const;

export function readme(projectName: string): string {
  const functions = EXAMPLE_FUNCTIONS.map((fn) => `- \`functions/${fn.name}/\`: ${fn.description}`).join("\n");
  return `# ${projectName}

A LivePerson Functions project in the layout of the \`lpf\` CLI, with a local
platform to run it: \`lp-faas\`.

## Layout

- \`functions/<name>/index.js\`: the function's code; \`config.json\`: its
  description, sample \`input\` and \`environmentVariables\`. Folder names are
  1-50 letters, digits or \`_\` and must equal \`name\` in config.json.
- \`functions/settings.json\`: local secrets (\`secrets\`) and the hosts
  functions may call (\`whitelist\`).
- \`.lp-faas/\`: the local platform's state (invocation log, ...); not committed.

Examples:

${functions}

## Commands

\`\`\`sh
lp-faas dev                        # run the platform on http://127.0.0.1:7420, reload on change
lp-faas functions list             # names and uuids
lp-faas invoke greeting --payload '{"name":"Ada"}'
lp-faas invoke http_request        # without --payload: the "input" of config.json
lp-faas secrets list               # keys only
lp-faas secrets get ${EXAMPLE_SECRET_KEY}
lp-faas secrets set api-token s3cr3t
lp-faas secrets delete api-token
lp-faas allowlist add api.example.com
lp-faas allowlist list
\`\`\`

Every command takes \`--help\`; \`--json\` prints one JSON document for scripts.
\`invoke\` finds the platform from \`--port\`, \`LP_FAAS_PORT\` or 7420.
`;
}
