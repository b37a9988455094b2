import { describe, expect, it } from "vitest";
import { InvocationErrorCodes, type FunctionSpec, type InvocationOutcome, type Runtime } from "../../runtime/types";
import { observeRuntime } from "./runtime-observer";

const fn: FunctionSpec = { name: "f", uuid: "u", dir: "/x", entry: "/x/index.js", env: {} };
const ok = (result: unknown): InvocationOutcome => ({ ok: true, result, logs: [], durationMs: 1 });
const failed = (code: (typeof InvocationErrorCodes)[keyof typeof InvocationErrorCodes]): InvocationOutcome => ({
  ok: false,
  error: { code, message: "m" },
  logs: [],
  durationMs: 1,
});

/** A runtime whose invocations finish when the test says so. */
function fakeRuntime() {
  const pending: Array<(outcome: InvocationOutcome) => void> = [];
  const reloaded: string[] = [];
  const runtime: Runtime = {
    invoke: () => new Promise((resolve) => pending.push(resolve)),
    reload: async (name) => void reloaded.push(name),
    close: async () => undefined,
  };
  return { runtime, finish: (outcome: InvocationOutcome) => pending.shift()!(outcome), reloaded };
}

describe("observeRuntime", () => {
  it("takes warm and cold from the runtime's own instance count when it has one", async () => {
    const fake = fakeRuntime();
    let counts = { instances: 0, busy: 0 };
    const { runtime, observer } = observeRuntime({ ...fake.runtime, instances: () => counts });
    expect([observer.instanceState("f"), observer.instanceCount("f")]).toEqual(["cold", 0]);
    const running = runtime.invoke(fn, { headers: [], payload: 1 }, { invocationId: "i1" });
    expect(observer.instanceState("f")).toBe("busy");
    counts = { instances: 2, busy: 0 };
    fake.finish(ok(2));
    await running;
    expect([observer.instanceState("f"), observer.instanceCount("f")]).toEqual(["warm", 2]);
    // An instance the runtime stopped on its own (a V2 instance's idle time): cold, without any invocation.
    counts = { instances: 0, busy: 0 };
    expect(observer.instanceState("f")).toBe("cold");
  });

  it("tells cold, busy and warm apart, and cold again after a reload or a crash", async () => {
    const fake = fakeRuntime();
    const { runtime, observer } = observeRuntime(fake.runtime);
    expect(observer.instanceState("f")).toBe("cold");
    const first = runtime.invoke(fn, { headers: [], payload: 1 }, { invocationId: "i1" });
    expect(observer.instanceState("f")).toBe("busy");
    expect(observer.inFlight("f")).toBe(1);
    fake.finish(ok(2));
    await first;
    expect(observer.instanceState("f")).toBe("warm");
    await runtime.reload("f");
    expect(fake.reloaded).toEqual(["f"]);
    expect(observer.instanceState("f")).toBe("cold");

    const second = runtime.invoke(fn, { headers: [], payload: 1 }, { invocationId: "i2" });
    fake.finish(failed(InvocationErrorCodes.CustomFailure));
    await second;
    expect(observer.instanceState("f")).toBe("warm");
    const third = runtime.invoke(fn, { headers: [], payload: 1 }, { invocationId: "i3" });
    fake.finish(failed(InvocationErrorCodes.ExecutionTimeExceeded));
    await third;
    expect(observer.instanceState("f")).toBe("cold");
  });

  it("remembers what recent invocations received and returned, within its bounds", async () => {
    const fake = fakeRuntime();
    const { runtime, observer } = observeRuntime(fake.runtime, { maxEntries: 2, maxEntryBytes: 100 });
    const run = async (id: string, payload: unknown, outcome: InvocationOutcome): Promise<void> => {
      const done = runtime.invoke(fn, { headers: [{ key: "k", value: "v" }], payload }, { invocationId: id });
      fake.finish(outcome);
      await done;
    };
    await run("a", { n: 1 }, ok({ r: 1 }));
    expect(observer.data("a")).toEqual({ headers: [{ key: "k", value: "v" }], payload: { n: 1 }, result: { r: 1 } });
    await run("b", "x".repeat(200), ok("y".repeat(200)));
    expect(observer.data("b")).toEqual({
      headers: [],
      payload: null,
      omitted: "the payload and headers and the result (over 100 bytes of JSON) not kept",
    });
    await run("c", 3, failed(InvocationErrorCodes.CustomFailure));
    expect(observer.data("c")).toEqual({ headers: [{ key: "k", value: "v" }], payload: 3 });
    expect(observer.data("a")).toBeUndefined();
  });
});
