import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { currentInvocation, INVOCATION_CONTEXT_KEY, type InvocationFacts } from "./invocation-context";

const globals = globalThis as { [INVOCATION_CONTEXT_KEY]?: AsyncLocalStorage<InvocationFacts> };

afterEach(() => {
  delete globals[INVOCATION_CONTEXT_KEY];
});

describe("currentInvocation", () => {
  it("reads the environment outside the platform", () => {
    expect(currentInvocation({ LP_FAAS_INVOCATION_ID: " inv-1 ", LP_FAAS_ORCHESTRATION_DEPTH: "3" })).toEqual({ invocationId: "inv-1", depth: 3 });
    expect(currentInvocation({ LP_FAAS_ORCHESTRATION_DEPTH: "-1" })).toEqual({ depth: 0 });
    expect(currentInvocation({ LP_FAAS_ORCHESTRATION_DEPTH: "2.5" })).toEqual({ depth: 0 });
    expect(currentInvocation({})).toEqual({ depth: 0 });
  });

  it("reads each invocation's own facts from the worker's store, concurrently, over the environment", async () => {
    const store = new AsyncLocalStorage<InvocationFacts>();
    globals[INVOCATION_CONTEXT_KEY] = store;
    const env = { LP_FAAS_INVOCATION_ID: "process-wide", LP_FAAS_ORCHESTRATION_DEPTH: "9" };
    const seen = await Promise.all(
      [1, 2, 3].map((n) =>
        store.run({ invocationId: `inv-${n}`, depth: n }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 10 * (4 - n)));
          return currentInvocation(env);
        }),
      ),
    );
    expect(seen).toEqual([
      { invocationId: "inv-1", depth: 1 },
      { invocationId: "inv-2", depth: 2 },
      { invocationId: "inv-3", depth: 3 },
    ]);
    expect(currentInvocation(env)).toEqual({ invocationId: "process-wide", depth: 9 });
  });
});
