/**
 * The documentation's two OrchestratorClient examples, run as functions on the
 * platform: a function invokes other functions by uuid through the gateway, with
 * the orchestrator key `lp-faas init` provisions, and gets the documented shapes.
 * Nested invocations appear linked in the invocation log.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFetch, invoke as invokeFunction, writeFunction } from "./helpers";
import { scaffoldProject } from "../src/project/scaffold";
import { startPlatform, type RunningPlatform } from "../src/platform";

let root: string;
let dir: string;
let platform: RunningPlatform;

const addFunction = (name: string, source: string): void => writeFunction(dir, name, source);

const invoke = async (name: string, payload: unknown): Promise<{ invocationId: string; result?: unknown; error?: { code: string; message: string } }> =>
  (await invokeFunction(platform, name, payload)).body as { invocationId: string; result?: unknown; error?: { code: string; message: string } };

const uuidOf = (name: string): string => platform.functions().find((fn) => fn.name === name)!.uuid;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "lp-faas-orch-"));
  dir = join(root, "project");
  scaffoldProject(dir);
  addFunction("echo_headers", `async function lambda(input) { return { got: input.payload, headers: input.headers }; }\nmodule.exports = { lambda };\n`);
  addFunction(
    "flaky",
    `let calls = 0;\nasync function lambda(input) { calls++; if (calls % 2 === 1) throw new Error("first call fails"); return { calls }; }\nmodule.exports = { lambda };\n`,
  );
  // The documentation's first example: one invocation, the default deadline.
  addFunction(
    "orchestrate_one",
    `const { Toolbelt } = require("lp-faas-toolbelt");
async function lambda(input) {
  const client = Toolbelt.OrchestratorClient();
  const invocations = [{ uuid: input.payload.uuid, payload: { hello: "world" }, headers: { "x-from": "orchestrate_one" } }];
  const responses = await client.invoke(invocations, 25000);
  const response = responses[0];
  console.info(response.uuid);
  return { uuid: response.uuid, body: response.body, statusCode: response.statusCode, hasHeaders: typeof response.headers === "object", error: response.error };
}
module.exports = { lambda };\n`,
  );
  // The documentation's second example: retryFunction, parallel, ContinueOnError.
  addFunction(
    "orchestrate_parallel",
    `const { Toolbelt, ErrorStrategy } = require("lp-faas-toolbelt");
async function lambda(input) {
  const client = Toolbelt.OrchestratorClient();
  const RETRIABLE_NETWORK_ERRORS = ['ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];
  const RETRIABLE_ERROR_CODES = [500, 502, 504];
  const retryFunction = (statusCode, error) => {
    return RETRIABLE_ERROR_CODES.includes(statusCode) || RETRIABLE_NETWORK_ERRORS.includes(error.cause.code);
  };
  const invocations = [
    { uuid: input.payload.first, payload: { n: 1 }, headers: {}, retries: 3, retryFunction },
    { uuid: input.payload.second, payload: { n: 2 }, headers: {}, retries: 3, retryFunction },
  ];
  const responses = await client.invoke(invocations, 25000, { timeout: 10000, invokeParallel: true, errorStrategy: ErrorStrategy.CONTINUE_ON_ERROR });
  return responses.map((r) => ({ uuid: r.uuid, statusCode: r.statusCode, body: r.body, error: r.error }));
}
module.exports = { lambda };\n`,
  );
  platform = await startPlatform({ projectDir: dir, port: 0, timeoutMs: 15_000 });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("OrchestratorClient on the local platform", () => {
  it("runs the first documented example: one response with uuid, body, headers and statusCode", async () => {
    const target = uuidOf("echo_headers");
    const answer = await invoke("orchestrate_one", { uuid: target });
    expect(answer.error).toBeUndefined();
    expect(answer.result).toEqual({
      uuid: target,
      statusCode: 200,
      hasHeaders: true,
      body: { got: { hello: "world" }, headers: [{ key: "x-from", value: "orchestrate_one" }] },
    });
    // The nested invocation is linked to its parent in the log.
    const children = (await (await adminFetch(platform, `/_platform/invocations?parent=${answer.invocationId}`)).json()) as Array<{
      functionName: string;
      parentId: string;
    }>;
    expect(children).toEqual([expect.objectContaining({ functionName: "echo_headers", parentId: answer.invocationId })]);
  });

  it("runs the second documented example: parallel, a 901 answer recorded under ContinueOnError", async () => {
    const answer = await invoke("orchestrate_parallel", { first: uuidOf("echo_headers"), second: uuidOf("flaky") });
    expect(answer.error).toBeUndefined();
    const [first, second] = answer.result as Array<{ uuid: string; statusCode?: number; body?: unknown; error?: { code: string } }>;
    expect(first).toMatchObject({ uuid: uuidOf("echo_headers"), statusCode: 200, body: { got: { n: 1 } } });
    // A function's own failure answers 901, which the example's retryFunction does not retry.
    expect(second).toMatchObject({ uuid: uuidOf("flaky"), statusCode: 901, error: { code: "com.liveperson.faas.orchestrator-fn.invoke.status-code-error" } });
  });

  it("rejects under ExitOnError when the gateway answers 404 for an unknown uuid", async () => {
    const answer = await invoke("orchestrate_one", { uuid: "00000000-0000-0000-0000-000000000000" });
    // The calling function did not catch the OrchestratorError, so its own invocation failed with it.
    expect(answer.result).toBeUndefined();
    expect(answer.error?.code).toBe("com.liveperson.faas.handler.custom-failure");
    expect(answer.error?.message).toMatch(/non 2XX/i);
  });
});
