/**
 * Functions V2 end to end, from inside functions running on a real platform (the parts the template tests
 * in v2-runtime-project.e2e.test.ts do not reach):
 * - a V2 function's LPMtlsClient through the emulated mtlsGateway to a real mTLS server (openssl
 *   certificates, the client certificate registered with `lp-faas mtls add`);
 * - OrchestratorClient both ways between generations, the platform linking parent and child;
 * - a V2 SecretClient update over V1's 10,000-character limit, and a V1 one refused above it;
 * - a V2 function's failure as the V2 OrchestratorClient and the gateway see it.
 */
import { once } from "node:events";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { adminFetch, gatewayInvoke, gatewayPath, invoke, start, tempProject, TEST_ORCHESTRATOR_KEY, type TempProject } from "./helpers";
import { CLIENT_CN, makeGatewayPki, registerClientCertificate, type GatewayPki } from "./mtls-gateway-pki";

const V2 = { generation: 2 };

let pki: GatewayPki;
let project: TempProject;
let platform: RunningPlatform;
let target: https.Server;
let targetUrl: string;
const seenByTarget: Array<{ cn: string | undefined; authorization: string | undefined; path: string }> = [];

beforeAll(async () => {
  pki = makeGatewayPki();
  target = https.createServer(
    { key: pki.read("server.key"), cert: pki.read("server.crt"), ca: [pki.read("ca.crt")], requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      seenByTarget.push({ cn: [peer?.subject?.CN].flat()[0], authorization: req.headers.authorization, path: req.url! });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ answeredBy: "mtls-target" }));
    },
  );
  target.listen(0, "127.0.0.1");
  await once(target, "listening");
  targetUrl = `https://127.0.0.1:${(target.address() as AddressInfo).port}/orders/42`;

  project = tempProject();
  project.addFunction(
    "mtls_v2",
    [
      'import { Toolbelt } from "core-functions-toolbelt";',
      "async function lambda(input) {",
      "  const client = Toolbelt.LPMtlsClient();",
      "  try {",
      '    const answer = await client.get(input.payload.url, { Authorization: "Basic dGFyZ2V0OnVzZXI=" }, undefined, { json: true });',
      "    return { statusCode: answer.statusCode, body: answer.body };",
      "  } catch (error) {",
      "    return { failed: error.code, message: error.message };",
      "  }",
      "}",
    ].join("\n"),
    V2,
  );
  project.addFunction("v1_echo", "function lambda(input, callback) { callback(null, { v1: true, got: input.payload }); }");
  project.addFunction(
    "v2_echo",
    ["async function lambda(input) {", "  if (input.payload.fail) throw new Error('asked to fail');", "  return { v2: true, got: input.payload };", "}"].join(
      "\n",
    ),
    V2,
  );
  project.addFunction(
    "v2_calls_v1",
    [
      'import { Toolbelt } from "core-functions-toolbelt";',
      "async function lambda(input) {",
      "  const [answer] = await Toolbelt.OrchestratorClient().invoke([{ uuid: input.payload.uuid, payload: { from: 'v2' } }], 10000, { json: true });",
      "  return answer;",
      "}",
    ].join("\n"),
    V2,
  );
  project.addFunction(
    "v1_calls_v2",
    [
      'const { Toolbelt, ErrorStrategy } = require("lp-faas-toolbelt");',
      "function lambda(input, callback) {",
      "  Toolbelt.OrchestratorClient()",
      "    .invoke([{ uuid: input.payload.uuid, payload: { from: 'v1', fail: input.payload.fail }, headers: {} }], 10000, { errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR })",
      "    .then((answers) => callback(null, answers[0]), callback);",
      "}",
    ].join("\n"),
  );
  project.addFunction(
    "v2_big_secret",
    [
      'import { Toolbelt } from "core-functions-toolbelt";',
      "async function lambda(input) {",
      "  const secrets = Toolbelt.SecretClient();",
      "  await secrets.updateSecret({ key: 'big', value: 'x'.repeat(input.payload.length) });",
      "  const { value } = await secrets.readSecret('big', { useCache: false });",
      "  return { length: value.length };",
      "}",
    ].join("\n"),
    V2,
  );
  project.addFunction(
    "v1_big_secret",
    [
      'const { Toolbelt } = require("lp-faas-toolbelt");',
      "function lambda(input, callback) {",
      "  Toolbelt.SecretClient().updateSecret({ key: 'big', value: 'x'.repeat(input.payload.length) }).then(() => callback(null, 'stored'), callback);",
      "}",
    ].join("\n"),
  );
  project.writeSettings({
    secrets: [
      { key: "LIVEPERSON_DEFAULT_APP_KEY", value: { client_id: "acceptance-client", client_secret: "acceptance secret" } },
      { key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY },
      { key: "big", value: "small" },
    ],
    whitelist: ["127.0.0.1", "localhost"],
  });
  platform = await start(project, { timeoutMs: 15_000 });
  await registerClientCertificate(pki, project.dir);
}, 60_000);

afterAll(async () => {
  await platform?.close();
  target?.closeAllConnections();
  await new Promise((resolve) => target?.close(resolve));
  project?.remove();
  pki?.remove();
});

const uuidOf = (name: string): string => platform.functions().find((fn) => fn.name === name)!.uuid;

describe("a V2 function's LPMtlsClient", () => {
  it("reaches a real mTLS server through the emulated mtlsGateway with the registered client certificate", async () => {
    const answer = await invoke(platform, "mtls_v2", { url: targetUrl });
    expect(answer.body.error).toBeUndefined();
    expect(answer.body.result).toEqual({ statusCode: 200, body: { answeredBy: "mtls-target" } });
    // The target saw the registered client certificate and the caller's Authorization (LP-authorization-override).
    expect(seenByTarget.at(-1)).toEqual({ cn: CLIENT_CN, authorization: "Basic dGFyZ2V0OnVzZXI=", path: "/orders/42" });
  });

  it("gets the gateway's missing-certificate answer as Mtls.Missing for a host without one", async () => {
    const answer = await invoke(platform, "mtls_v2", { url: targetUrl.replace("127.0.0.1", "localhost") });
    expect(answer.body.result).toMatchObject({
      failed: "com.liveperson.faas.mtls.missing-conf",
      message: expect.stringContaining("no certificate configured"),
    });
  });
});

describe("OrchestratorClient between the generations", () => {
  it("a V2 function invokes a V1 function, and the platform links the two invocations", async () => {
    const answer = await invoke(platform, "v2_calls_v1", { uuid: uuidOf("v1_echo") });
    expect(answer.body.error).toBeUndefined();
    expect(answer.body.result).toMatchObject({ uuid: uuidOf("v1_echo"), statusCode: 200, body: { v1: true, got: { from: "v2" } } });
    const children = await adminFetch(platform, `/_platform/invocations?parent=${answer.body.invocationId}`);
    const records = (await children.json()) as Array<{ functionName: string; parentId?: string }>;
    expect(records).toEqual([expect.objectContaining({ functionName: "v1_echo", parentId: answer.body.invocationId })]);
  });

  it("a V1 function invokes a V2 function, and sees a V2 failure in V2's shape", async () => {
    const ok = await invoke(platform, "v1_calls_v2", { uuid: uuidOf("v2_echo") });
    expect(ok.body.result).toMatchObject({ statusCode: 200, body: { v2: true, got: { from: "v1" } } });
    const failed = await invoke(platform, "v1_calls_v2", { uuid: uuidOf("v2_echo"), fail: true });
    expect(failed.body.result).toMatchObject({ statusCode: 901 });
    expect(JSON.stringify(failed.body.result)).toContain("com.customer.faas.function.threw-error");
  });

  it("the gateway answers a V2 function's throw with 901 and V2's body", async () => {
    const answer = await gatewayInvoke(platform, gatewayPath(platform, uuidOf("v2_echo")), {
      body: { timestamp: Date.now(), headers: [], payload: { fail: true } },
    });
    expect(answer.status).toBe(901);
    expect(answer.body).toMatchObject({ code: "com.customer.faas.function.threw-error", message: expect.stringContaining("asked to fail") });
  });
});

describe("secret sizes per generation on one store", () => {
  it("a V2 function stores 12,000 characters (V2's limit is 16,384); a V1 function is refused above 10,000", async () => {
    expect((await invoke(platform, "v2_big_secret", { length: 12_000 })).body.result).toEqual({ length: 12_000 });
    const tooBig = await invoke(platform, "v2_big_secret", { length: 16_385 });
    expect(tooBig.body.error?.message).toMatch(/exceeds allowed length of 16kb/);
    const v1 = await invoke(platform, "v1_big_secret", { length: 12_000 });
    expect(v1.body.error?.message).toMatch(/limit is 10000/);
  });
});
