/**
 * The V2 examples of LivePerson's public docs, run unmodified on a real platform. Each function below is our
 * own code written in the call shapes one documented example uses (same API calls, argument order, option
 * names and return handling), not a copy of it; the page each follows is named in its `describe`:
 * - developers.liveperson.com `liveperson-functions-v2-migration-key-differences` (handler, ESM, fetch);
 * - `liveperson-functions-v2-examples` (OAuth 1.0a with module-scope SecretClient and Promise.all);
 * - `liveperson-functions-v2-features-secrets` (plaintext secrets as strings, JSON secrets as objects);
 * - core-functions-toolbelt's own API docs (faas-cli `src/shared/core-functions-toolbelt/index.ts`) and the
 *   `liveperson-functions-toolbelt-documentation-*` pages: SecretClient, LpClient, ConversationUtil, SDEUtil,
 *   CsdsClient, MTLSClient, OrchestratorClient, ContextServiceClient.
 * The list, and the shapes we do not support, are in docs/toolbelt/v2/README.md#examples-from-livepersons-docs.
 */
import { once } from "node:events";
import { copyFileSync, mkdirSync, symlinkSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { adminFetch, invoke, start, tempProject, type TempProject } from "./helpers";
import { CLIENT_CN, makeGatewayPki, registerClientCertificate, type GatewayPki } from "./mtls-gateway-pki";

const V2 = { generation: 2 };
const FIXTURE = "billing-refund-closed.json";
const FILE_FIXTURE = "order-delivery-open.json"; // its conversation has one HOSTED_FILE at FILE_PATH
const FILE_CONVERSATION_ID = "3439894b-a73d-4eea-9616-faa095b7eaf0";
const FILE_PATH = "/v1/AUTH_async-images/12345678/2742d836-23b1-41e6-904f-8511680ead44_tracking.png";
const SWIFT_CREDS = { username: "swift-user", password: "swift-S3CRET-pass" };
const BLACK_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=", "base64");
const CONVERSATION_ID = "7987ada4-7217-448d-bfe4-ae723b35027e";
const VISITOR_ID = "pL7sD3fG9hJ2kQ5wR8tY1u";
const SESSION_ID = "bN6mV4cX0zA9sD2fG7hJ3k";

const code = (...lines: string[]): string => lines.join("\n");

let project: TempProject;
let platform: RunningPlatform;
let pki: GatewayPki;
let echo: Server;
let echoUrl: string;
let mtlsTarget: https.Server;
let mtlsUrl: string;
const echoed: Array<{ method: string; path: string; headers: IncomingMessage["headers"]; body: string }> = [];
const mtlsSeen: Array<{ cn: string | undefined; method: string; contentType: string | undefined; body: string }> = [];

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A Salesforce REST stand-in on the echo server (the SFClient example): describe and query, bearer token checked. */
function salesforceAnswer(url: string, authorization: string | undefined): { status: number; body: unknown } | undefined {
  if (!url.startsWith("/services/data/")) return undefined;
  if (authorization !== "Bearer sf-access-token") return { status: 401, body: [{ errorCode: "INVALID_SESSION_ID", message: "Session expired or invalid" }] };
  if (url.endsWith("/sobjects/Account/describe")) return { status: 200, body: { name: "Account", fields: [{ name: "Id" }, { name: "Name" }] } };
  if (url.includes("/query?q=")) return { status: 200, body: { totalSize: 1, done: true, records: [{ attributes: { type: "Account" }, Name: "Acme" }] } };
  return { status: 404, body: [{ errorCode: "NOT_FOUND", message: url }] };
}

beforeAll(async () => {
  pki = makeGatewayPki();

  // A plain HTTP server the fetch examples call (allowlisted as 127.0.0.1).
  echo = createServer((req, res) => {
    void readAll(req).then((body) => {
      echoed.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const salesforce = salesforceAnswer(req.url!, req.headers.authorization);
      if (salesforce) return void res.writeHead(salesforce.status, { "content-type": "application/json" }).end(JSON.stringify(salesforce.body));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received: body === "" ? null : JSON.parse(body) }));
    });
  });
  echo.listen(0, "127.0.0.1");
  await once(echo, "listening");
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;

  // A server that wants a client certificate of the test CA (the MTLSClient example).
  mtlsTarget = https.createServer(
    { key: pki.read("server.key"), cert: pki.read("server.crt"), ca: [pki.read("ca.crt")], requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      void readAll(req).then((body) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        mtlsSeen.push({ cn: [peer?.subject?.CN].flat()[0], method: req.method!, contentType: req.headers["content-type"], body });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, gotBody: body !== "" }));
      });
    },
  );
  mtlsTarget.listen(0, "127.0.0.1");
  await once(mtlsTarget, "listening");
  mtlsUrl = `https://127.0.0.1:${(mtlsTarget.address() as AddressInfo).port}/accounts`;

  project = tempProject();
  mkdirSync(join(project.dir, "fixtures", "conversations"), { recursive: true });
  for (const fixture of [FIXTURE, FILE_FIXTURE]) {
    copyFileSync(resolve(__dirname, "../templates/project/fixtures/conversations", fixture), join(project.dir, "fixtures", "conversations", fixture));
  }
  // The OAuth 1.0a example imports the oauth-1.0a package: installed in the project, as a developer would.
  mkdirSync(join(project.dir, "node_modules"));
  symlinkSync(dirname(createRequire(__filename).resolve("oauth-1.0a/package.json")), join(project.dir, "node_modules", "oauth-1.0a"), "dir");

  // key-differences: async handler returning its value, ESM import, global fetch with a JSON body.
  project.addFunction(
    "kd_fetch",
    code(
      'import { Toolbelt } from "core-functions-toolbelt";',
      "",
      "async function lambda(input) {",
      "  const answer = await fetch(input.payload.url, {",
      '    method: "POST",',
      '    headers: { "Content-Type": "application/json", Accept: "application/json" },',
      '    body: JSON.stringify({ "order-total": 42, hasToolbelt: typeof Toolbelt.SecretClient === "function" }),',
      "  });",
      "  const parsed = await answer.json();",
      "  return parsed;",
      "}",
    ),
    V2,
  );

  // examples: OAuth 1.0a, the SecretClient built at module scope, secrets read in parallel.
  project.addFunction(
    "ex_oauth1",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "import OAuth from 'oauth-1.0a';",
      "import crypto from 'crypto';",
      "",
      "const secrets = Toolbelt.SecretClient();",
      "",
      "async function lambda(input) {",
      "  const [ck, cs, tk, ts] = await Promise.all([",
      "    secrets.readSecret('shopConsumerKey'),",
      "    secrets.readSecret('shopConsumerSecret'),",
      "    secrets.readSecret('shopTokenKey'),",
      "    secrets.readSecret('shopTokenSecret'),",
      "  ]);",
      "  const signer = OAuth({",
      "    consumer: { key: ck.value, secret: cs.value },",
      "    signature_method: 'HMAC-SHA1',",
      "    hash_function(base, signingKey) {",
      "      return crypto.createHmac('sha1', signingKey).update(base).digest('base64');",
      "    },",
      "  });",
      "  const call = { url: input.payload.url, method: 'POST', body: { item: 'refund' } };",
      "  const header = signer.toHeader(signer.authorize(call, { key: tk.value, secret: ts.value }));",
      "  const reply = await fetch(call.url, {",
      "    method: call.method,",
      "    headers: { ...header, 'Content-Type': 'application/json' },",
      "    body: JSON.stringify(call.body),",
      "  });",
      "  return { status: reply.status, body: await reply.json() };",
      "}",
    ),
    V2,
  );

  // features-secrets: a plaintext secret is a string at runtime, a JSON one an object.
  project.addFunction(
    "fs_secret_types",
    code(
      'import { Toolbelt } from "core-functions-toolbelt";',
      "async function lambda() {",
      "  const client = Toolbelt.SecretClient();",
      '  const plain = await client.readSecret("greetingText");',
      '  const json = await client.readSecret("crmLogin");',
      "  return { plainType: typeof plain.value, plain: plain.value, jsonType: typeof json.value, user: json.value.user };",
      "}",
    ),
    V2,
  );

  // SecretClient API docs: destructured read, read with { useCache: false }, update with { key, value }.
  project.addFunction(
    "tb_secret_client",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "const secretClient = Toolbelt.SecretClient();",
      "async function lambda(input) {",
      "  const { value: before } = await secretClient.readSecret('refreshToken');",
      "  await secretClient.updateSecret({ key: 'refreshToken', value: input.payload.next });",
      "  const { value: cached } = await secretClient.readSecret('refreshToken');",
      "  const { value: fresh } = await secretClient.readSecret('refreshToken', { useCache: false, });",
      "  return { before, cached, fresh };",
      "}",
    ),
    V2,
  );

  // LpClient API docs: fetch-style options (method + stringified body, no headers), the Response handled by the caller.
  project.addFunction(
    "tb_lp_client",
    code(
      "import { Toolbelt, LpServices } from 'core-functions-toolbelt';",
      "const lpClient = Toolbelt.LpClient();",
      "async function lambda(input) {",
      "  const accountId = process.env.X_LIVEPERSON_BRAND_ID;",
      "  const options = {",
      "    method: 'POST',",
      "    body: JSON.stringify({ conversationId: input.payload.conversationId }),",
      "  };",
      "  const response = await lpClient(",
      "    LpServices.MSG_HIST,",
      "    `/messaging_history/api/account/${accountId}/conversations/conversation/search`,",
      "    options",
      "  );",
      "  const found = await response.json();",
      "  return { status: response.status, count: found._metadata?.count, conversationId: found.conversationHistoryRecords?.[0]?.info?.conversationId };",
      "}",
    ),
    V2,
  );

  // ConversationUtil docs: getConversationById(id), then scanConversationForKeywords(conversation, keywords).
  project.addFunction(
    "tb_conversation_util",
    code(
      "import { Toolbelt, ConversationContentTypes } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const conversationUtil = Toolbelt.ConversationUtil();",
      "  const conversation = await conversationUtil.getConversationById(input.payload.conversationId);",
      "  const limited = await conversationUtil.getConversationById(input.payload.conversationId, [ConversationContentTypes.MESSAGE_RECORDS]);",
      "  const hits = conversationUtil.scanConversationForKeywords(conversation, ['charged TWICE', 'thanks']);",
      "  const [record] = conversation.conversationHistoryRecords;",
      "  const [limitedRecord] = limited.conversationHistoryRecords;",
      "  return { hits: hits.map((hit) => hit.message), hasSummary: 'summary' in record, limitedHasSummary: 'summary' in limitedRecord };",
      "}",
    ),
    V2,
  );

  // SDEUtil docs: addSDEs(engagementAttributes, visitorId, sessionId), then getSDEsFromConv(conversation).
  project.addFunction(
    "tb_sde_util",
    code(
      "import { Toolbelt, SDETypes } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const sdeUtil = Toolbelt.SDEUtil();",
      "  const { visitorId, sessionId, conversationId } = input.payload;",
      "  const engagementAttributes = [{ type: SDETypes.CUSTOMER_INFO, info: { customerId: 'cust-77', customerStatus: 'gold' } }];",
      "  await sdeUtil.addSDEs(engagementAttributes, visitorId, sessionId);",
      "  const conversation = await Toolbelt.ConversationUtil().getConversationById(conversationId);",
      "  const found = sdeUtil.getSDEsFromConv(conversation);",
      "  return { sdes: found.sdes.events.length, unAuthSdeTypes: found.unAuthSdes.events.map((event) => event.sdeType) };",
      "}",
    ),
    V2,
  );

  // CsdsClient docs: get(serviceName) and getAll().
  project.addFunction(
    "tb_csds_client",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda() {",
      "  const csdsClient = Toolbelt.CsdsClient();",
      '  const domain = await csdsClient.get("askMaven");',
      "  const allDomains = await csdsClient.getAll();",
      "  return { domain, services: allDomains.flatMap((entry) => Object.keys(entry)) };",
      "}",
    ),
    V2,
  );

  // MTLSClient docs: MTLSClient({ cert, key, ca }), get(url, headers), post(url, headers, body, { timeout, json }).
  project.addFunction(
    "tb_mtls_client",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const secrets = Toolbelt.SecretClient();",
      "  const [{ value: cert }, { value: key }, { value: ca }] = await Promise.all(",
      "    ['bankCert', 'bankKey', 'bankCa'].map((name) => secrets.readSecret(name)),",
      "  );",
      "  const target = Toolbelt.MTLSClient({ cert, key, ca });",
      "  const headers = { authorization: 'Original Token' };",
      "  const mtlsOptions = { timeout: 10000, json: true };",
      "  const response = await target.get(input.payload.url, headers);",
      "  const { statusCode, body } = await target.post(input.payload.url, headers, { test: 123 }, mtlsOptions);",
      "  return { getStatus: response.statusCode, getBody: String(response.body), statusCode, body };",
      "}",
    ),
    V2,
  );

  // OrchestratorClient docs: invoke(invocations) without a deadline; headers as an object, empty, or left out.
  project.addFunction(
    "tb_orchestrator",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "const orchestratorClient = Toolbelt.OrchestratorClient();",
      "async function lambda(input) {",
      "  const uuid = input.payload.uuid;",
      "  const invocations = [",
      "    { uuid, payload: { n: 1 }, headers: { header1: 'value1', header2: 'value2' } },",
      "    { uuid, payload: { n: 2 }, headers: {} },",
      "    { uuid, payload: { n: 3 } },",
      "  ];",
      "  const response = await orchestratorClient.invoke(invocations);",
      "  return response.map(({ statusCode, body }) => ({ statusCode, body: typeof body === 'string' ? JSON.parse(body) : body }));",
      "}",
    ),
    V2,
  );
  project.addFunction(
    "orch_child",
    code(
      "async function lambda(input) {",
      "  const names = input.headers.map((header) => header.key.toLowerCase()).filter((name) => name.startsWith('header'));",
      "  return { n: input.payload.n, headers: names };",
      "}",
    ),
    V2,
  );

  // orchestrator-client page: invoke(invocations, deadline, { timeout, invokeParallel, errorStrategy }).
  project.addFunction(
    "tb_orchestrator_options",
    code(
      "import { Toolbelt, ErrorStrategy } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const { okUuid, failUuid } = input.payload;",
      "  const answers = await Toolbelt.OrchestratorClient().invoke(",
      "    [{ uuid: okUuid, payload: { n: 7 }, headers: {} }, { uuid: failUuid, payload: {}, headers: {}, retries: 1 }],",
      "    20000,",
      "    { timeout: 8000, invokeParallel: true, errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR },",
      "  );",
      "  return answers.map(({ uuid, statusCode, error }) => ({ uuid, statusCode, errorCode: error?.code }));",
      "}",
    ),
    V2,
  );
  project.addFunction("orch_failing", code("async function lambda() {", "  throw new Error('the child refuses');", "}"), V2);

  // lp-mtls-client page: LPMtlsClient().post(url, headers, body, { timeout, json }) through the mtlsGateway.
  project.addFunction(
    "tb_lp_mtls_post",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const client = Toolbelt.LPMtlsClient();",
      "  const { statusCode, body } = await client.post(input.payload.url, { authorization: 'Original Token' }, { test: 123 }, { timeout: 10000, json: true });",
      "  return { statusCode, body };",
      "}",
    ),
    V2,
  );

  // GDPRUtil docs: replaceConversationFiles(conversation, credentials), then with a filter and a replacement file.
  project.addFunction(
    "tb_gdpr_util",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const gdprUtil = Toolbelt.GDPRUtil();",
      "  const { value: credentials } = await Toolbelt.SecretClient().readSecret('swift-credentials');",
      "  const conversation = await Toolbelt.ConversationUtil().getConversationById(input.payload.conversationId);",
      "  if (input.payload.custom === undefined) {",
      "    await gdprUtil.replaceConversationFiles(conversation, credentials);",
      "    return 'default file';",
      "  }",
      "  const onlyPng = (path) => path.endsWith('.png');",
      "  const file = { body: Buffer.from(input.payload.custom, 'base64'), contentType: 'image/png' };",
      "  await gdprUtil.replaceConversationFiles(conversation, credentials, onlyPng, file);",
      "  return 'custom file';",
      "}",
    ),
    V2,
  );

  // SFClient docs (deprecated, still documented): connectToSalesforce({ instanceUrl, accessToken }), then describe and query.
  project.addFunction(
    "tb_sf_client",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const sFClient = Toolbelt.SFClient();",
      "  const conn = sFClient.connectToSalesforce({ instanceUrl: input.payload.instanceUrl, accessToken: 'sf-access-token', version: '59.0' });",
      "  const described = await conn.sobject('Account').describe();",
      "  const queryResult = await conn.query(\"SELECT Name FROM Account WHERE Name LIKE '%Ac%'\");",
      "  return { fields: described.fields.map((field) => field.name), totalSize: queryResult.totalSize, first: queryResult.records[0].Name };",
      "}",
    ),
    V2,
  );

  // The overview comment's V1-style object for ContextServiceClient, which V2 does not take.
  project.addFunction(
    "tb_context_object",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  try {",
      "    Toolbelt.ContextServiceClient({ accountId: process.env.X_LIVEPERSON_BRAND_ID, apiKey: input.payload.apiKey });",
      "    return 'accepted';",
      "  } catch (error) {",
      "    return { name: error.name, code: error.code, message: error.message };",
      "  }",
      "}",
    ),
    V2,
  );

  // ContextServiceClient docs: the client from an API key, then the documented method sequence.
  project.addFunction(
    "tb_context_client",
    code(
      "import { Toolbelt } from 'core-functions-toolbelt';",
      "async function lambda(input) {",
      "  const client = Toolbelt.ContextServiceClient(input.payload.apiKey);",
      "  await client.createNamespace('doc_orders');",
      "  const nameSpaces = await client.getListOfNamespaces();",
      "  await client.setPropertiesInNamespace('doc_orders', { stage: 'new', items: 2 }, 'sess-1');",
      "  await client.updatePropertiesInNamespace('doc_orders', { stage: 'paid' }, 'sess-1');",
      "  const all = await client.getAllPropertiesInSession('doc_orders', 'sess-1');",
      "  const selected = await client.getSelectedPropertiesInSession('doc_orders', ['stage'], 'sess-1');",
      "  const one = await client.getPropertyInSession('doc_orders', 'items', 'sess-1');",
      "  await client.deletePropertyInSession('doc_orders', 'items', 'sess-1');",
      "  const afterDelete = await client.getAllPropertiesInSession('doc_orders', 'sess-1');",
      "  const sessions = await client.getListOfSessions('doc_orders');",
      "  await client.deleteSession('doc_orders', 'sess-1');",
      "  const sessionsAfter = await client.getListOfSessions('doc_orders');",
      "  await client.deleteNamespace('doc_orders');",
      "  const nameSpacesAfter = await client.getListOfNamespaces();",
      "  return {",
      "    hadNamespace: nameSpaces.some((ns) => ns.name === 'doc_orders'),",
      "    all, selected, one, afterDelete, sessions, sessionsAfter,",
      "    namespaceGone: !nameSpacesAfter.some((ns) => ns.name === 'doc_orders'),",
      "  };",
      "}",
    ),
    V2,
  );

  project.writeSettings({
    secrets: [
      { key: "LIVEPERSON_DEFAULT_APP_KEY", value: { client_id: "doc-examples-client", client_secret: "doc examples secret" } },
      { key: "shopConsumerKey", value: "ck-doc" },
      { key: "shopConsumerSecret", value: "cs-doc" },
      { key: "shopTokenKey", value: "tk-doc" },
      { key: "shopTokenSecret", value: "ts-doc" },
      { key: "greetingText", value: "hello there" },
      { key: "crmLogin", value: { user: "crm-bot", password: "not-shown" } },
      { key: "refreshToken", value: "rt-1" },
      { key: "bankCert", value: pki.read("client.crt") },
      { key: "bankKey", value: pki.read("client.key") },
      { key: "bankCa", value: pki.read("ca.crt") },
      { key: "swift-credentials", value: SWIFT_CREDS },
    ],
    whitelist: ["127.0.0.1"],
  });
  platform = await start(project, { timeoutMs: 15_000 });
  await registerClientCertificate(pki, project.dir);
}, 60_000);

afterAll(async () => {
  await platform?.close();
  echo?.closeAllConnections();
  await new Promise((done) => echo?.close(done));
  mtlsTarget?.closeAllConnections();
  await new Promise((done) => mtlsTarget?.close(done));
  project?.remove();
  pki?.remove();
});

const uuidOf = (name: string): string => platform.functions().find((fn) => fn.name === name)!.uuid;

async function newContextKey(): Promise<{ apiKey: string }> {
  const key = await adminFetch(platform, "/_platform/context/keys", { method: "POST", body: "{}" });
  expect(key.status).toBe(201);
  return (await key.json()) as { apiKey: string };
}

/** The result of a function that must not fail (its error and logs in the assertion message otherwise). */
async function resultOf(name: string, payload: unknown = {}): Promise<unknown> {
  const answer = await invoke(platform, name, payload);
  expect(answer.body.error, JSON.stringify(answer.body)).toBeUndefined();
  return answer.body.result;
}

describe("liveperson-functions-v2-migration-key-differences", () => {
  it("an async lambda returns what a global fetch POST with a JSON body answered", async () => {
    expect(await resultOf("kd_fetch", { url: `${echoUrl}/orders` })).toEqual({ received: { "order-total": 42, hasToolbelt: true } });
    const seen = echoed.at(-1)!;
    expect(seen).toMatchObject({ method: "POST", path: "/orders" });
    expect(seen.headers).toMatchObject({ "content-type": "application/json", accept: "application/json" });
  });
});

describe("liveperson-functions-v2-examples", () => {
  it("OAuth 1.0a: secrets read in parallel by a module-scope SecretClient sign a fetch POST", async () => {
    expect(await resultOf("ex_oauth1", { url: `${echoUrl}/signed` })).toEqual({ status: 200, body: { received: { item: "refund" } } });
    const authorization = echoed.at(-1)!.headers.authorization!;
    expect(authorization).toMatch(/^OAuth /);
    expect(authorization).toContain('oauth_consumer_key="ck-doc"');
    expect(authorization).toContain('oauth_token="tk-doc"');
    expect(authorization).toContain('oauth_signature_method="HMAC-SHA1"');
    expect(authorization).toMatch(/oauth_signature="[^"]+"/);
  });
});

describe("liveperson-functions-v2-features-secrets", () => {
  it("gives a plaintext secret as a string and a JSON secret as an object", async () => {
    expect(await resultOf("fs_secret_types")).toEqual({ plainType: "string", plain: "hello there", jsonType: "object", user: "crm-bot" });
  });
});

describe("core-functions-toolbelt API docs", () => {
  it("SecretClient: readSecret(key), updateSecret({ key, value }), readSecret(key, { useCache: false })", async () => {
    expect(await resultOf("tb_secret_client", { next: "rt-2" })).toEqual({ before: "rt-1", cached: "rt-2", fresh: "rt-2" });
  });

  it("LpClient: lpClient(LpServices.MSG_HIST, path, { method, body }) resolves the fetch Response", async () => {
    expect(await resultOf("tb_lp_client", { conversationId: CONVERSATION_ID })).toEqual({ status: 200, count: 1, conversationId: CONVERSATION_ID });
  });

  it("ConversationUtil: getConversationById(id[, contentToRetrieve]) and scanConversationForKeywords(conversation, keywords)", async () => {
    expect(await resultOf("tb_conversation_util", { conversationId: CONVERSATION_ID })).toEqual({
      hits: ["Hello, I was charged twice for my March invoice.", "Perfect, thanks."],
      hasSummary: true,
      limitedHasSummary: false,
    });
  });

  it("SDEUtil: addSDEs(sdes, visitorId, sessionId) reaches the conversation, getSDEsFromConv(conversation) reads it", async () => {
    // The fixture's consumer is not authenticated, so the new SDE joins the conversation's unAuthSdes.
    expect(await resultOf("tb_sde_util", { visitorId: VISITOR_ID, sessionId: SESSION_ID, conversationId: CONVERSATION_ID })).toEqual({
      sdes: 0,
      unAuthSdeTypes: ["MARKETING_CAMPAIGN_INFO", "SEARCH_CONTENT", "CUSTOMER_INFO"],
    });
  });

  it("CsdsClient: get('askMaven') and getAll()", async () => {
    const result = (await resultOf("tb_csds_client")) as { domain: string; services: string[] };
    expect(result.domain).toBe(platform.url);
    expect(result.services).toEqual(expect.arrayContaining(["askMaven", "msgHist", "sentinel", "faasGW", "mavenContext"]));
  });

  it("MTLSClient({ cert, key, ca }): get(url, headers) and post(url, headers, body, { timeout, json })", async () => {
    expect(await resultOf("tb_mtls_client", { url: mtlsUrl })).toEqual({
      getStatus: 200,
      getBody: JSON.stringify({ method: "GET", gotBody: false }),
      statusCode: 200,
      body: { method: "POST", gotBody: true },
    });
    expect(mtlsSeen.slice(-2)).toEqual([
      { cn: CLIENT_CN, method: "GET", contentType: undefined, body: "" },
      { cn: CLIENT_CN, method: "POST", contentType: "application/json", body: JSON.stringify({ test: 123 }) },
    ]);
  });

  it("OrchestratorClient: invoke(invocations) with the default deadline, headers given, empty or left out", async () => {
    expect(await resultOf("tb_orchestrator", { uuid: uuidOf("orch_child") })).toEqual([
      { statusCode: 200, body: { n: 1, headers: ["header1", "header2"] } },
      { statusCode: 200, body: { n: 2, headers: [] } },
      { statusCode: 200, body: { n: 3, headers: [] } },
    ]);
  });

  it("OrchestratorClient: invoke(invocations, deadline, { timeout, invokeParallel, errorStrategy: CONTINUE_ON_ERROR })", async () => {
    const [okUuid, failUuid] = [uuidOf("orch_child"), uuidOf("orch_failing")];
    expect(await resultOf("tb_orchestrator_options", { okUuid, failUuid })).toEqual([
      { uuid: okUuid, statusCode: 200 },
      // The gateway's 901 (a V2 function threw) reaches the caller as a status error, not a crash of fetch.
      { uuid: failUuid, statusCode: 901, errorCode: "com.liveperson.faas.orchestrator-fn.invoke.status-code-error" },
    ]);
  });

  it("LPMtlsClient: post(url, headers, body, { timeout, json }) through the mtlsGateway with the registered certificate", async () => {
    expect(await resultOf("tb_lp_mtls_post", { url: mtlsUrl })).toEqual({ statusCode: 200, body: { method: "POST", gotBody: true } });
    expect(mtlsSeen.at(-1)).toEqual({ cn: CLIENT_CN, method: "POST", contentType: "application/json", body: JSON.stringify({ test: 123 }) });
  });

  it("GDPRUtil: replaceConversationFiles(conversation, credentials[, shouldReplace, file]) on the platform's file storage", async () => {
    const auth = await fetch(`${platform.url}/auth/v1.0`, { headers: { "X-Auth-User": SWIFT_CREDS.username, "X-Auth-Key": SWIFT_CREDS.password } });
    const token = auth.headers.get("x-auth-token")!;
    const stored = async (): Promise<Buffer> =>
      Buffer.from(await (await fetch(`${platform.url}${FILE_PATH}`, { headers: { "x-auth-token": token } })).arrayBuffer());
    const put = await fetch(`${platform.url}${FILE_PATH}`, {
      method: "PUT",
      body: "original",
      headers: { "x-auth-token": token, "content-type": "image/png" },
    });
    expect(put.status).toBe(201);

    expect(await resultOf("tb_gdpr_util", { conversationId: FILE_CONVERSATION_ID })).toBe("default file");
    expect((await stored()).equals(BLACK_PNG)).toBe(true);
    const custom = Buffer.from("our own replacement");
    expect(await resultOf("tb_gdpr_util", { conversationId: FILE_CONVERSATION_ID, custom: custom.toString("base64") })).toBe("custom file");
    expect((await stored()).equals(custom)).toBe(true);
  });

  it("SFClient: connectToSalesforce({ instanceUrl, accessToken }) gives a jsforce Connection: sobject().describe() and query()", async () => {
    expect(await resultOf("tb_sf_client", { instanceUrl: echoUrl })).toEqual({ fields: ["Id", "Name"], totalSize: 1, first: "Acme" });
    expect(echoed.at(-1)!.path).toMatch(/^\/services\/data\/v59\.0\/query\?q=SELECT/);
  });

  it("ContextServiceClient({ accountId, apiKey }), V1's object form, is refused with a parameter error naming the fix", async () => {
    const { apiKey } = await newContextKey();
    expect(await resultOf("tb_context_object", { apiKey })).toEqual({
      name: "SDKError",
      code: "com.liveperson.context-service-sdk.parameter.invalid",
      message: expect.stringContaining("takes the API key as a string"),
    });
  });

  it("ContextServiceClient(apiKey): the documented namespace, property and session calls", async () => {
    const { apiKey } = await newContextKey();
    expect(await resultOf("tb_context_client", { apiKey })).toEqual({
      hadNamespace: true,
      all: { stage: "paid", items: 2 },
      selected: { stage: "paid" },
      one: 2,
      afterDelete: { stage: "paid" },
      sessions: ["sess-1"],
      sessionsAfter: [],
      namespaceGone: true,
    });
  });
});
