/** The dispatcher pool without sockets: which requests share a pool, the bound, proxying. */
import { afterEach, describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../config/types";
import type { CoreTlsOptions } from "./core-types";
import { createDispatcherPool, MAX_DISPATCHERS, type DispatcherPool } from "./dispatcher-pool";
import { undici, type Dispatcher } from "./undici";

const NO_PROXY: ResolvedConfig["proxy"] = { http: undefined, https: undefined, noProxy: undefined };
/** undici's dispatchers know whether close() was called; its types do not say so. */
const closed = (dispatcher: Dispatcher): boolean => (dispatcher as Dispatcher & { closed: boolean }).closed;
const pools: DispatcherPool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()!.close();
});

function pool(proxy: ResolvedConfig["proxy"] = NO_PROXY): DispatcherPool {
  const created = createDispatcherPool(proxy);
  pools.push(created);
  return created;
}

describe("createDispatcherPool", () => {
  it("one pool per distinct TLS setting; equal settings (even as equal copies) share it", () => {
    const p = pool();
    const plain = p.dispatcherFor(undefined);
    expect(p.dispatcherFor({})).toBe(plain);
    expect(p.dispatcherFor({ rejectUnauthorized: true })).toBe(plain);
    const insecure = p.dispatcherFor({ rejectUnauthorized: false });
    expect(insecure).not.toBe(plain);
    const withCa = p.dispatcherFor({ ca: "CA-1" });
    expect(p.dispatcherFor({ ca: Buffer.from("CA-1") })).toBe(withCa);
    expect(p.dispatcherFor({ ca: ["CA-1"] })).toBe(withCa);
    expect(p.dispatcherFor({ ca: "CA-2" })).not.toBe(withCa);
    const client: CoreTlsOptions = { cert: "C", key: "K" };
    expect(p.dispatcherFor({ ...client })).toBe(p.dispatcherFor(client));
    expect(p.dispatcherFor({ ...client, passphrase: "pw" })).not.toBe(p.dispatcherFor(client));
    expect(p.size).toBe(6);
  });

  it(`keeps at most ${MAX_DISPATCHERS}: the oldest is retired (closed) and made anew when asked for again`, async () => {
    const p = pool();
    const first = p.dispatcherFor({ ca: "CA-0" });
    for (let i = 1; i < MAX_DISPATCHERS; i++) p.dispatcherFor({ ca: `CA-${i}` });
    expect(p.size).toBe(MAX_DISPATCHERS);
    expect(closed(first)).toBe(false);
    p.dispatcherFor({ ca: "one too many" });
    expect(p.size).toBe(MAX_DISPATCHERS);
    expect(closed(first)).toBe(true);
    expect(p.dispatcherFor({ ca: "CA-0" })).not.toBe(first);
  });

  it("direct: an Agent; with a proxy configured: an EnvHttpProxyAgent", () => {
    const { Agent, EnvHttpProxyAgent } = undici();
    expect(pool().dispatcherFor(undefined)).toBeInstanceOf(Agent);
    expect(pool({ http: "http://127.0.0.1:3128", https: undefined, noProxy: "localhost" }).dispatcherFor(undefined)).toBeInstanceOf(EnvHttpProxyAgent);
  });

  it("close() closes every pool and forgets it", async () => {
    const p = createDispatcherPool(NO_PROXY);
    const a = p.dispatcherFor(undefined);
    const b = p.dispatcherFor({ rejectUnauthorized: false });
    await p.close();
    expect([closed(a), closed(b), p.size]).toEqual([true, true, 0]);
  });
});
