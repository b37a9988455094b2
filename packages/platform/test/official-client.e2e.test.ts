/**
 * External invocation as LivePerson's own client does it: the official
 * `liveperson-functions-client` (2.2.0, unmodified) against a real platform,
 * only on loopback. The client finds the gateway through its hard-coded CSDS
 * host, which a test-only front door (official-client-front-door.ts) points
 * at the platform; its `authStrategy` hands out a Sentinel bearer token the
 * platform issued. Both of the client's dialects are exercised: V1 (`v=1`,
 * `externalSystem` in the query) and V2 (a gateway name with `fninvocations`:
 * header `LP-EventSource`, no `v`), by uuid, by event and `isImplemented`,
 * and its mapping of function failures.
 */
import { Client } from "liveperson-functions-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { start, tempProject, type TempProject } from "./helpers";
import { OTHER_SERVICES_NAME, routeNamesTo, startFrontDoor, type FrontDoor, type SeenRequest } from "./official-client-front-door";

const CSDS_HOST = "adminlogin.liveperson.net";
const V1_GATEWAY = "va.faasgw.lp-faas.test";
const V2_GATEWAY = "va.fninvocations.lp-faas.test";
const CLIENT = { client_id: "official-client-id", client_secret: "official client secret" };
const NEW_CONVERSATION = "controllerbot_messaging_new_conversation";
const CONVERSATION_END = "controllerbot_messaging_conversation_end";
const CONVERSATION_IDLE = "controllerbot_messaging_conversation_idle";
const TTR = "controllerbot_messaging_ttr";

let project: TempProject;
let platform: RunningPlatform;
let door: FrontDoor;
let restoreRouting: () => void;
let token: string;
const uuids: Record<string, string> = {};

beforeAll(async () => {
  project = tempProject();
  project.addFunction("greeter", "function lambda(input, callback) { callback(null, { hello: input.payload.name, headers: input.headers }); }");
  project.addFunction("failing", 'function lambda(input, callback) { callback(new Error("the order service is down")); }');
  project.addFunction("crashing", 'function lambda(input, callback) { throw new Error("crashed at start"); }');
  project.addFunction("welcome", 'function lambda(input, callback) { callback(null, [{ type: "systemMessage", text: "Welcome " + input.payload.name }]); }', {
    event: NEW_CONVERSATION,
  });
  project.addFunction("ttrHangs", "function lambda(input, callback) { /* never calls back */ }", { event: TTR });
  project.addFunction("idleFails", 'function lambda(input, callback) { callback(new Error("no goodbye today")); }', { event: CONVERSATION_IDLE });
  // V2 functions (ES modules with a top-level lambda, no export), invoked as the V2 client invokes them.
  project.addFunction("v2Hello", "async function lambda(input) {\n  return { v2: true, hello: input.payload.name };\n}\n", { generation: 2 });
  project.addFunction("v2Failing", 'async function lambda(input) {\n  throw new Error("the V2 order service is down");\n}\n', { generation: 2 });
  project.writeSettings({ secrets: [{ key: "LIVEPERSON_DEFAULT_APP_KEY", value: CLIENT }], whitelist: [] });
  platform = await start(project);
  for (const fn of platform.functions()) uuids[fn.name] = fn.uuid;
  door = await startFrontDoor(platform.url, V1_GATEWAY);
  restoreRouting = routeNamesTo([CSDS_HOST, V1_GATEWAY, V2_GATEWAY, OTHER_SERVICES_NAME], door.port);

  const answer = await fetch(`${platform.url}/sentinel/api/account/${platform.accountId}/app/token?v=2.0`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...CLIENT, grant_type: "client_credentials" }).toString(),
  });
  expect(answer.status).toBe(200);
  token = ((await answer.json()) as { access_token: string }).access_token;
}, 60_000);

afterAll(async () => {
  restoreRouting?.();
  await door?.close();
  await platform?.close();
  project?.remove();
});

beforeEach(() => {
  door.seen.length = 0;
});

/** A fresh client (its CSDS and isImplemented caches are per instance). */
function client(gateway: string, options: { failOnErrorStatusCode?: boolean; authorization?: () => string } = {}): Client {
  door.setGatewayName(gateway);
  return new Client({
    accountId: platform.accountId,
    authStrategy: () => Promise.resolve(options.authorization?.() ?? `Bearer ${token}`),
    protocol: "http",
    failOnErrorStatusCode: options.failOnErrorStatusCode ?? false,
  });
}

const gatewayCalls = (): SeenRequest[] => door.seen.filter((seen) => !seen.url.includes("/service/baseURI.json"));

const body = (payload: unknown) => ({ headers: [{ key: "X-Caller", value: "official-client" }], payload });

/** The VError chain's names, outermost first, and the gateway's answer the client kept. */
function failureOf(error: unknown): { names: string[]; response: { status: number; body: Record<string, unknown> } | undefined } {
  const names: string[] = [];
  let response: { status: number; body: Record<string, unknown> } | undefined;
  let current = error as { name?: string; jse_cause?: unknown; jse_info?: { response?: { status: number; body: Record<string, unknown> } } } | undefined;
  while (current) {
    names.push(current.name ?? "?");
    response ??= current.jse_info?.response;
    current = current.jse_cause as typeof current;
  }
  return { names, response };
}

describe("V1 dialect (v=1, externalSystem)", () => {
  it("finds the gateway through CSDS and invokes by uuid with a Sentinel bearer token", async () => {
    const answer = await client(V1_GATEWAY).invoke({ lambdaUuid: uuids.greeter!, externalSystem: "e2e-suite", body: body({ name: "Ada" }) });
    expect(answer.ok).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ hello: "Ada", headers: [{ key: "X-Caller", value: "official-client" }] });

    expect(door.seen[0]!.url).toBe(`/api/account/${platform.accountId}/service/baseURI.json?version=1.0`);
    const [call] = gatewayCalls();
    expect(call!.headers.host).toBe(V1_GATEWAY);
    expect(call!.url).toBe(`/api/account/${platform.accountId}/lambdas/${uuids.greeter}/invoke?v=1&skillId=&externalSystem=e2e-suite`);
    expect(call!.headers.authorization).toBe(`Bearer ${token}`);
    expect(call!.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(call!.body)).toMatchObject({ timestamp: expect.any(Number), payload: { name: "Ada" } });
  });

  it("invokes every function of an event, and answers isImplemented true and false", async () => {
    const faas = client(V1_GATEWAY);
    const answer = await faas.invoke({ eventId: NEW_CONVERSATION, body: body({ name: "Grace" }) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([[{ type: "systemMessage", text: "Welcome Grace" }]]);
    expect(await faas.isImplemented({ eventId: NEW_CONVERSATION })).toBe(true);
    expect(await faas.isImplemented({ eventId: CONVERSATION_END, externalSystem: "e2e-suite" })).toBe(false);
    const urls = gatewayCalls().map((call) => call.url);
    expect(urls).toEqual([
      `/api/account/${platform.accountId}/events/${NEW_CONVERSATION}/invoke?v=1&skillId=&externalSystem=unknown`,
      `/api/account/${platform.accountId}/events/${NEW_CONVERSATION}/isImplemented?v=1&skillId=&externalSystem=Unknown`,
      `/api/account/${platform.accountId}/events/${CONVERSATION_END}/isImplemented?v=1&skillId=&externalSystem=e2e-suite`,
    ]);
  });

  it("maps a function's reported failure and its crash to FaaSLambdaError, keeping the V1 error body", async () => {
    const faas = client(V1_GATEWAY, { failOnErrorStatusCode: true });
    const failed = await faas.invoke({ lambdaUuid: uuids.failing!, body: body({}) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const failure = failureOf(failed);
    expect(failure.names[0]).toBe("FaaSLambdaError");
    expect(failure.response?.status).toBe(901);
    expect(failure.response?.body).toMatchObject({
      errorCode: "com.liveperson.faas.handler.custom-failure",
      errorMsg: expect.stringContaining("the order service is down"),
    });

    const crashed = failureOf(await faas.invoke({ lambdaUuid: uuids.crashing!, body: body({}) }).catch((error: unknown) => error));
    expect(crashed.names[0]).toBe("FaaSLambdaError");
    expect(crashed.response?.body).toMatchObject({ errorCode: "com.liveperson.faas.handler.runtime-exception" });
  });

  it("resolves with the error answer when failOnErrorStatusCode is off (its default)", async () => {
    const answer = await client(V1_GATEWAY).invoke({ lambdaUuid: uuids.failing!, body: body({}) });
    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(901);
    expect(answer.body).toMatchObject({ errorCode: "com.liveperson.faas.handler.custom-failure" });
  });

  it("maps an unknown uuid and a refused token to FaaSInvokeError", async () => {
    const missing = failureOf(
      await client(V1_GATEWAY, { failOnErrorStatusCode: true })
        .invoke({ lambdaUuid: "00000000-0000-4000-8000-000000000000", body: body({}) })
        .catch((error: unknown) => error),
    );
    expect(missing.names[0]).toBe("FaaSInvokeError");
    expect(missing.response?.status).toBe(404);
    expect(missing.response?.body).toMatchObject({ errorCode: "com.liveperson.faas.es.missinglambda" });

    const refused = await client(V1_GATEWAY, { authorization: () => "Bearer not-issued-by-this-platform" }).invoke({
      lambdaUuid: uuids.greeter!,
      body: body({}),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer realm=".*", error="invalid_token"$/);
  });
});

describe("V2 dialect (LP-EventSource, no v)", () => {
  it("invokes by uuid with LP-EventSource and no v or externalSystem in the query", async () => {
    const answer = await client(V2_GATEWAY).invoke({ lambdaUuid: uuids.greeter!, lpEventSource: "e2e-suite", body: body({ name: "Linus" }) });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ hello: "Linus" });
    const [call] = gatewayCalls();
    expect(call!.url).toBe(`/api/account/${platform.accountId}/lambdas/${uuids.greeter}/invoke`);
    expect(call!.headers["lp-eventsource"]).toBe("e2e-suite");
  });

  it("invokes by event and answers isImplemented with the V2 query (userId, skillId)", async () => {
    const faas = client(V2_GATEWAY);
    const answer = await faas.invoke({ eventId: NEW_CONVERSATION, body: body({ name: "Ken" }) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([[{ type: "systemMessage", text: "Welcome Ken" }]]);
    expect(await faas.isImplemented({ eventId: NEW_CONVERSATION, userId: "agent-7", skillId: "42" })).toBe(true);
    expect(await faas.isImplemented({ eventId: CONVERSATION_END })).toBe(false);
    const calls = gatewayCalls();
    expect(calls.map((call) => call.url)).toEqual([
      `/api/account/${platform.accountId}/events/${NEW_CONVERSATION}/invoke`,
      `/api/account/${platform.accountId}/events/${NEW_CONVERSATION}/isImplemented?userId=agent-7&skillId=42`,
      `/api/account/${platform.accountId}/events/${CONVERSATION_END}/isImplemented`,
    ]);
    expect(calls[0]!.headers["lp-eventsource"]).toBe("Unknown");
  });

  it("answers a V2 call's event failure with a V2 body, which the client maps to FaaSLambdaError", async () => {
    const failed = failureOf(
      await client(V2_GATEWAY, { failOnErrorStatusCode: true })
        .invoke({ eventId: CONVERSATION_IDLE, body: body({}) })
        .catch((error: unknown) => error),
    );
    expect(failed.names[0]).toBe("FaaSLambdaError");
    expect(failed.response?.status).toBe(901);
    expect(failed.response?.body).toMatchObject({ code: "com.customer.faas.function.threw-error", message: expect.stringContaining("no goodbye today") });

    // v1CompError: the client maps the V2 code back to V1's (spec B22: for two codes it appends a TAB; this one has none).
    const compatible = await client(V2_GATEWAY).invoke({ eventId: CONVERSATION_IDLE, body: body({}), v1CompError: true });
    expect(compatible.status).toBe(901);
    expect(compatible.body).toEqual({ errorCode: "com.liveperson.faas.handler.custom-failure", errorMsg: expect.stringContaining("no goodbye today") });
  });

  it("invokes V2 functions by uuid: a result, and a throw mapped to FaaSLambdaError with V2's body", async () => {
    const answer = await client(V2_GATEWAY).invoke({ lambdaUuid: uuids.v2Hello!, lpEventSource: "e2e-suite", body: body({ name: "Barbara" }) });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ v2: true, hello: "Barbara" });
    const failed = failureOf(
      await client(V2_GATEWAY, { failOnErrorStatusCode: true })
        .invoke({ lambdaUuid: uuids.v2Failing!, lpEventSource: "e2e-suite", body: body({}) })
        .catch((error: unknown) => error),
    );
    expect(failed.names[0]).toBe("FaaSLambdaError");
    expect(failed.response?.status).toBe(901);
    expect(failed.response?.body).toMatchObject({
      code: "com.customer.faas.function.threw-error",
      message: expect.stringContaining("the V2 order service is down"),
    });
  });

  it("answers a V2 caller's bad event with V2's code", async () => {
    const answer = await client(V2_GATEWAY).invoke({ eventId: "no_such_event", body: body({}) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "com.liveperson.faas.evg.invalid", message: expect.stringContaining("no_such_event") });
  });

  it("B22 (recorded, not copied): with v1CompError the client appends a TAB to the V1 code of execution-exceeded", async () => {
    const answer = await client(V2_GATEWAY).invoke({ eventId: TTR, body: body({}), v1CompError: true });
    expect(answer.status).toBe(901);
    // The platform answered V2's code, com.customer.faas.function.execution-exceeded (the only code the client
    // maps to this one); the TAB is the client's own mapping (spec/v2.md §7 B22), which the platform does not copy.
    expect(answer.body).toMatchObject({ errorCode: "com.liveperson.faas.handler.executiontime-exceeded\t" });
  });
});
