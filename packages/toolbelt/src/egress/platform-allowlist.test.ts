import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { INVOCATION_CONTEXT_KEY, type InvocationFacts } from "../platform/invocation-context";
import { ErrorCodes } from "../errors/codes";
import { canonicalHostOfText } from "./host";
import { createPlatformAllowlist } from "./platform-allowlist";

const host = (text: string) => canonicalHostOfText(text)!;

describe("createPlatformAllowlist", () => {
  it("reads once per TTL and again when a new invocation starts", async () => {
    let now = 0;
    let key: string | undefined = "inv-1";
    let reads = 0;
    let entries = ["a.example.com"];
    const source = createPlatformAllowlist({
      platformUrl: "http://127.0.0.1:7420",
      fetchEntries: async () => (reads++, entries),
      now: () => now,
      invocationKey: () => key,
    });
    expect((await source.current()).allows(host("a.example.com"))).toBe(true);
    entries = ["b.example.com"];
    now = 999;
    expect((await source.current()).allows(host("b.example.com"))).toBe(false);
    expect(reads).toBe(1);
    key = "inv-2";
    expect((await source.current()).allows(host("b.example.com"))).toBe(true);
    expect(reads).toBe(2);
    now = 2_000;
    await source.current();
    expect(reads).toBe(3);
  });

  it("knows a new invocation by default from currentInvocation(), the instance's per-invocation context", async () => {
    const store = new AsyncLocalStorage<InvocationFacts>();
    const globals = globalThis as { [INVOCATION_CONTEXT_KEY]?: AsyncLocalStorage<InvocationFacts> };
    globals[INVOCATION_CONTEXT_KEY] = store;
    try {
      let reads = 0;
      const source = createPlatformAllowlist({ platformUrl: "http://p", fetchEntries: async () => (reads++, ["x.com"]), now: () => 0 });
      await store.run({ invocationId: "inv-1", depth: 0 }, () => source.current());
      await store.run({ invocationId: "inv-1", depth: 0 }, () => source.current());
      expect(reads).toBe(1);
      await store.run({ invocationId: "inv-2", depth: 0 }, () => source.current());
      expect(reads).toBe(2);
    } finally {
      delete globals[INVOCATION_CONTEXT_KEY];
    }
  });

  it("shares one read among concurrent callers", async () => {
    let reads = 0;
    const source = createPlatformAllowlist({
      platformUrl: "http://p",
      fetchEntries: async () => (reads++, ["x.com"]),
      now: () => 0,
      invocationKey: () => undefined,
    });
    await Promise.all([source.current(), source.current(), source.current()]);
    expect(reads).toBe(1);
  });

  it("fails closed, with a refusal that says the platform could not be read", async () => {
    const source = createPlatformAllowlist({
      platformUrl: "http://127.0.0.1:9",
      fetchEntries: async () => {
        throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      },
    });
    await expect(source.current()).rejects.toMatchObject({
      code: ErrorCodes.Egress.AllowlistUnavailable,
      message: expect.stringContaining("Socket is closed"),
    });
  });
});
