/**
 * Invoking by event end to end, on a real platform on a random port: the
 * platform API's `{ event }` body, `lp-faas invoke --event` (and the
 * config.json default), and the gateway's event paths signed with the
 * `oauth-1.0a` package, with the per-event limit and skills.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningPlatform } from "../src/platform";
import { adminFetch, oauthAuthorization, start, tempProject, TEST_ORCHESTRATOR_KEY, type TempProject } from "./helpers";
import { runCli } from "./run-cli";

let project: TempProject;
let platform: RunningPlatform;

const NEW_CONVERSATION = "controllerbot_messaging_new_conversation";
const CONVERSATION_END = "controllerbot_messaging_conversation_end";

const fn = (body: string): string => `module.exports.lambda = async function lambda(input) {\n  ${body}\n};\n`;

beforeAll(async () => {
  project = tempProject();
  project.writeSettings({ secrets: [{ key: "lp-faas-orchestrator-app-key", value: TEST_ORCHESTRATOR_KEY }], whitelist: [] });
  // Messaging New Conversation (limit 1): one function for skill 100, one for every skill.
  project.addFunction(
    "welcome",
    fn("return { type: 'systemMessage', text: 'welcome ' + input.payload.general.cbotEventType + ' ' + input.payload.general.convId };"),
    { event: NEW_CONVERSATION, skills: ["100"] },
  );
  project.addFunction("welcome_any", fn("return { type: 'systemMessage', text: 'any skill' };"), { event: NEW_CONVERSATION });
  // Messaging Conversation End: skill-only functions that do not overlap.
  project.addFunction("closer", fn("return { type: 'closeConversation' };"), { event: CONVERSATION_END, skills: ["100"] });
  project.addFunction("closer_vip", fn("return { type: 'systemMessage', text: 'vip' };"), { event: CONVERSATION_END, skills: [200] });
  // A malformed command: a transfer without skill or agent.
  project.addFunction("bad_command", fn("return [{ type: 'systemMessage', text: 'bye' }, { type: 'transfer' }];"), {
    event: "controllerbot_messaging_conversation_idle",
  });
  // Conversational Command (limit 30): one with an empty input.payload, one with its own.
  project.addFunction("cmd_a", fn("return 'a: ' + input.payload.arguments.join(' ');"), { event: "conversational_command" });
  project.addFunction("cmd_b", fn("return 'b: ' + input.payload.arguments.join(' ');"), {
    event: "conversational_command",
    input: { headers: [], payload: { arguments: ["from", "config"] } },
  });
  // Pre hooks: the second fails, so the third must not run.
  project.addFunction("hook_a", fn("return input.payload;"), { event: "bot_connectors_pre_hook" });
  project.addFunction("hook_b", fn("throw new Error('hook b broke');"), { event: "bot_connectors_pre_hook" });
  project.addFunction("hook_c", fn("return {};"), { event: "bot_connectors_pre_hook" });
  // No event: returns what it got.
  project.addFunction("plain", fn("return { payload: input.payload, headers: input.headers };"));
  platform = await start(project);
}, 30_000);

afterAll(async () => {
  await platform?.close();
  project?.remove();
});

async function invokeApi(name: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${platform.url}/_platform/functions/${name}/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const cli = (args: string[]) => runCli([...args, "--port", String(platform.port), "--dir", project.dir], { cwd: project.dir });

describe("POST /_platform/functions/:name/invoke with an event", () => {
  it("sends the event's sample with the payload deep-merged over it, and reports the action", async () => {
    const answer = await invokeApi("welcome", {
      event: NEW_CONVERSATION,
      subEvent: "CONSUMER_OPEN_NEW_CONVERSATION",
      payload: { general: { convId: "conv-42" } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.result).toEqual({ type: "systemMessage", text: "welcome CONSUMER_OPEN_NEW_CONVERSATION conv-42" });
    expect(answer.body.event).toEqual({ eventId: NEW_CONVERSATION, action: 'system message "welcome CONSUMER_OPEN_NEW_CONVERSATION conv-42"', warnings: [] });
  });

  it("keeps the sample's other members and the caller's headers", async () => {
    const answer = await invokeApi("plain", {
      event: "conversational_command",
      payload: { arguments: ["mine"], extra: { deep: true } },
      headers: [{ key: "X-Test", value: "1" }],
    });
    expect(answer.body.result).toEqual({
      payload: { conversationId: "c840e51e-5f65-4ad4-8d34-5c82b99a2200", arguments: ["mine"], extra: { deep: true } },
      headers: [{ key: "X-Test", value: "1" }],
    });
    // plain's config.json names no event: a warning, not an error.
    expect(answer.body.event.warnings[0]).toBe("the cloud would never invoke plain for conversational_command: its config.json names no event");
    expect(answer.body.event.warnings[1]).toMatch(/^the cloud would reject or ignore this result: only a string or a number is shown to the agent/);
    expect(answer.body.event.action).toBe("a generic success note");
  });

  it("warns when config.json names another event, and runs anyway", async () => {
    const answer = await invokeApi("cmd_a", { event: "bot_connectors_pre_hook", payload: { arguments: ["x"] } });
    expect(answer.body.result).toBe("a: x");
    expect(answer.body.event.warnings[0]).toBe(
      "the cloud would never invoke cmd_a for bot_connectors_pre_hook: its config.json names event conversational_command",
    );
    expect(answer.body.event.warnings[1]).toMatch(/^the cloud would reject or ignore this result: a hook must return the vendor's object/);
  });

  it("answers 400 naming lp-faas events list for an unknown event, and for a bad sub-event", async () => {
    const unknown = await invokeApi("plain", { event: "no_such_event" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("com.liveperson.faas.es.badinput");
    expect(unknown.body.message).toContain("lp-faas events list");
    const sub = await invokeApi("plain", { event: NEW_CONVERSATION, subEvent: "NOPE" });
    expect(sub.status).toBe(400);
    expect(sub.body.message).toContain('no sub-event "NOPE"');
  });

  it("reports nothing about events for an invocation without one", async () => {
    const answer = await invokeApi("cmd_a", { payload: { arguments: ["y"] } });
    expect(answer.body.result).toBe("a: y");
    expect(answer.body).not.toHaveProperty("event");
  });
});

describe("lp-faas invoke --event", () => {
  it("prints the action and a warning line for a malformed controller-bot command", async () => {
    const run = await cli(["invoke", "bad_command", "--event", "controllerbot_messaging_conversation_idle"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\nEvent: system message "bye"  (controllerbot_messaging_conversation_idle)\n');
    expect(run.stdout).toContain('\nWarning: the cloud would reject or ignore this result: command [1] (transfer) needs "skillId" or "agentId"\n');
  });

  it("puts the report in the one --json document", async () => {
    const run = await cli(["invoke", "bad_command", "--event", "controllerbot_messaging_conversation_idle", "--json"]);
    expect(run.code).toBe(0);
    const answer = run.json();
    expect(answer.event).toEqual({
      eventId: "controllerbot_messaging_conversation_idle",
      action: 'system message "bye"',
      warnings: ['the cloud would reject or ignore this result: command [1] (transfer) needs "skillId" or "agentId"'],
    });
  });

  it("merges --payload over the sample and picks the sub-event", async () => {
    const run = await cli([
      "invoke",
      "welcome",
      "--event",
      NEW_CONVERSATION,
      "--sub-event",
      "CONSUMER_OPEN_NEW_CONVERSATION",
      "--payload",
      '{"general":{"convId":"from-cli"}}',
      "--json",
    ]);
    expect(run.json().result).toEqual({ type: "systemMessage", text: "welcome CONSUMER_OPEN_NEW_CONVERSATION from-cli" });
  });

  it("sends the sample of the event config.json names when its input.payload is empty", async () => {
    const run = await cli(["invoke", "cmd_a"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Event: shown to the agent: "a: echo this message"  (conversational_command)');
    expect(run.stdout).not.toContain("Warning:");
  });

  it("sends config.json's own input.payload, without an event, when it is not empty", async () => {
    const run = await cli(["invoke", "cmd_b", "--json"]);
    expect(run.json().result).toBe("b: from config");
    expect(run.json()).not.toHaveProperty("event");
  });

  it("fails with the platform's message for an unknown event", async () => {
    const run = await cli(["invoke", "plain", "--event", "no_such_event"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("lp-faas events list");
  });

  it("refuses --sub-event without an event", async () => {
    const run = await cli(["invoke", "plain", "--sub-event", "X"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--sub-event goes with --event");
  });
});

describe("the gateway's event paths", () => {
  const path = (eventId: string, action: "invoke" | "isImplemented", query = "") =>
    `/api/account/${platform.accountId}/events/${eventId}/${action}?v=1&externalSystem=test${query}`;

  async function call(method: "GET" | "POST", path: string, body?: unknown, signed = true): Promise<{ status: number; body: any }> {
    const url = `${platform.url}${path}`;
    const response = await fetch(url, {
      method,
      headers: { ...(signed && { authorization: oauthAuthorization(method, url) }), ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }
  const envelope = (payload: unknown) => ({ timestamp: Date.now(), headers: [], payload });

  it("invokes every function of the event, in name order, and answers their results as an array", async () => {
    const answer = await call("POST", path("conversational_command", "invoke"), envelope({ arguments: ["hello"] }));
    expect(answer).toEqual({ status: 200, body: ["a: hello", "b: hello"] });
  });

  it("stops at the first failure with its error in the V1 shape (901); later functions do not run", async () => {
    const answer = await call("POST", path("bot_connectors_pre_hook", "invoke"), envelope({ message: "m" }));
    expect(answer.status).toBe(901);
    expect(answer.body).toMatchObject({ errorCode: "com.liveperson.faas.handler.custom-failure", errorMsg: expect.stringContaining("hook b broke") });
    const log = (await (await adminFetch(platform, "/_platform/invocations?limit=1000")).json()) as Array<{ functionName: string }>;
    const names = log.map((record) => record.functionName);
    expect(names).toContain("hook_a");
    expect(names).toContain("hook_b");
    expect(names).not.toContain("hook_c");
  });

  it("runs a function with skills only for one of them, and one without for every skill", async () => {
    expect(await call("POST", path(CONVERSATION_END, "invoke", "&skillId=100"), envelope({}))).toEqual({
      status: 200,
      body: [{ type: "closeConversation" }],
    });
    expect(await call("POST", path(CONVERSATION_END, "invoke", "&skillId=200"), envelope({}))).toEqual({
      status: 200,
      body: [{ type: "systemMessage", text: "vip" }],
    });
    expect(await call("POST", path(NEW_CONVERSATION, "invoke", "&skillId=300"), envelope({}))).toEqual({
      status: 200,
      body: [{ type: "systemMessage", text: "any skill" }],
    });
    const none = await call("POST", path(CONVERSATION_END, "invoke"), envelope({}));
    expect(none.status).toBe(404);
    expect(none.body.errorCode).toBe("com.liveperson.faas.es.missinglambda");
  });

  it("answers 409 naming the functions when more listen than the event allows, and runs none", async () => {
    const answer = await call("POST", path(NEW_CONVERSATION, "invoke", "&skillId=100"), envelope({ general: {} }));
    expect(answer.status).toBe(409);
    expect(answer.body.errorCode).toBe("com.liveperson.faas.platform.event-function-limit");
    expect(answer.body.errorMsg).toContain("(welcome, welcome_any)");
    expect(answer.body.errorMsg).toContain("allows 1");
  });

  it("says whether an event is implemented, for a skill", async () => {
    expect(await call("GET", path(CONVERSATION_END, "isImplemented", "&skillId=100"))).toEqual({ status: 200, body: { implemented: true } });
    expect(await call("GET", path(CONVERSATION_END, "isImplemented", "&skillId=999"))).toEqual({ status: 200, body: { implemented: false } });
    expect(await call("GET", path(CONVERSATION_END, "isImplemented"))).toEqual({ status: 200, body: { implemented: false } });
    expect(await call("GET", path("conversational_command", "isImplemented"))).toEqual({ status: 200, body: { implemented: true } });
    expect(await call("GET", path("surveybot_messaging_survey_ended", "isImplemented"))).toEqual({ status: 200, body: { implemented: false } });
  });

  it("refuses an unsigned call (401) and an unknown event (400), in the V1 error shape", async () => {
    const unsigned = await call("GET", path(CONVERSATION_END, "isImplemented"), undefined, false);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.errorCode).toBe("com.liveperson.faas.es.unauthorized");
    const unknown = await call("POST", path("no_such_event", "invoke"), envelope({}));
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ errorCode: "com.liveperson.faas.es.badinput", errorMsg: expect.stringContaining("lp-faas events list") });
  });
});
