import { describe, expect, it } from "vitest";
import { SecretCache } from "./secret-cache";

describe("SecretCache", () => {
  it("serves an entry while it is younger than the reader's TTL", () => {
    let now = 1_000;
    const cache = new SecretCache(() => now);
    cache.set("k", { a: 1 });
    expect(cache.get("k", 300_000)).toEqual({ value: { a: 1 } });
    now += 299_999;
    expect(cache.get("k", 300_000)).toEqual({ value: { a: 1 } });
    now += 1;
    expect(cache.get("k", 300_000)).toBeUndefined();
  });

  it("lets each reader pick its own TTL without changing others'", () => {
    let now = 0;
    const cache = new SecretCache(() => now);
    cache.set("k", "v");
    now = 2_000;
    expect(cache.get("k", 1_000)).toBeUndefined();
    expect(cache.get("k", 300_000)).toEqual({ value: "v" });
    expect(cache.get("k", 0)).toBeUndefined();
  });
});
