import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { Router } from "../../http/router";
import { createHttpServer } from "../../http/server";
import type { FunctionCatalog } from "../../project/types";
import type { FunctionSpec, InvocationOutcome, Runtime } from "../../runtime/types";
import { openStateDb } from "../../state/db";
import { createInvocationStore } from "../../state/invocations";
import { addFunctionRoutes } from "./functions";

const fn: FunctionSpec = { name: "chatty", uuid: "u-1", dir: "/p/functions/chatty", entry: "/p/functions/chatty/index.js", env: {} };
const busy: FunctionSpec = { name: "busy", uuid: "u-2", dir: "/p/functions/busy", entry: "/p/functions/busy/index.js", env: {}, generation: 2 };
const logLimit = { code: PlatformErrorCodes.LogLimitReached, droppedEntries: 4, droppedChars: 99, droppedDebug: 1 };
// The runtime's contract (runtime/types.ts): an outcome over the cloud's log limits names what was dropped.
const runtime: Runtime = {
  invoke: async (spec): Promise<InvocationOutcome> => {
    if (spec.name === busy.name) throw new PlatformError(PlatformErrorCodes.InstanceLimitReached, "busy already runs 5 instances");
    return { ok: true, result: "r", logs: [], logLimit, durationMs: 1 };
  },
  reload: async () => undefined,
  close: async () => undefined,
};
const catalog: FunctionCatalog = {
  list: () => [fn, busy],
  byName: (name) => [fn, busy].find((spec) => spec.name === name),
  byUuid: () => undefined,
  problems: () => [
    {
      functionName: "broken",
      path: "/p/functions/broken/config.json",
      message: "/p/functions/broken/config.json: not valid JSON: unexpected end of the file at line 1, column 2",
    },
  ],
};
const invocations = createInvocationStore(openStateDb(":memory:"));
const router = new Router();
addFunctionRoutes(router, { catalog, runtime, invocations });
const server = createHttpServer([{ prefix: "/_platform", router }], { adminToken: "a".repeat(43), log: () => undefined });
let url = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const post = (name: string) =>
  fetch(`${url}/_platform/functions/${name}/invoke`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

describe("POST /_platform/functions/:name/invoke", () => {
  it("answers and records what the cloud would drop of the logs", async () => {
    const answer = (await (await post("chatty")).json()) as { invocationId: string; logLimit: unknown };
    expect(answer.logLimit).toEqual(logLimit);
    expect(invocations.get(answer.invocationId)!.logLimit).toEqual(logLimit);
  });

  it("says a function's config.json is invalid rather than that it does not exist", async () => {
    const response = await post("broken");
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      code: PlatformErrorCodes.InvalidProject,
      message: "function broken has an invalid config.json: not valid JSON: unexpected end of the file at line 1, column 2",
    });
    expect((await post("nope")).status).toBe(404);
  });
});

describe("GET /_platform/functions and the V2 instance cap", () => {
  it("lists each function's generation (1 when the spec has none)", async () => {
    const response = await fetch(`${url}/_platform/functions`, { headers: { authorization: `Bearer ${"a".repeat(43)}` } });
    expect(await response.json()).toEqual([
      { name: "chatty", uuid: "u-1", generation: 1 },
      { name: "busy", uuid: "u-2", generation: 2 },
    ]);
  });

  it("answers 429 limit-reached when the runtime refuses a V2 invocation at its cap, and records nothing", async () => {
    const before = invocations.list({}).records.length;
    const response = await post("busy");
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ code: "com.liveperson.faas.function.runtime.limit-reached", message: "busy already runs 5 instances" });
    expect(invocations.list({}).records.length).toBe(before);
  });
});
