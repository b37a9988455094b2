/** CSDS pieces without sockets: baseURI → base URL, and the cache's in-flight sharing. */
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { baseUrlOf, CsdsCache, type CsdsRecord } from "./csds-client";

describe("baseUrlOf", () => {
  it.each([
    ["va.msghist.liveperson.net", "https://va.msghist.liveperson.net"],
    ["VA.MsgHist.LivePerson.net:8443", "https://va.msghist.liveperson.net:8443"],
    ["http://127.0.0.1:4000", "http://127.0.0.1:4000"],
    ["http://127.0.0.1:4000/", "http://127.0.0.1:4000"],
    ["HTTPS://h.example/prefix/", "https://h.example/prefix"],
    ["h.example:443", "https://h.example"],
  ])("%s → %s", (baseURI, expected) => {
    expect(baseUrlOf("svc", baseURI)).toBe(expected);
  });

  it.each(["", "ftp://h", "user:pw@h", "h?x=1", "h#x", "http://", "a b"])("refuses %j with op-failed", (baseURI) => {
    expect(() => baseUrlOf("svc", baseURI)).toThrow(expect.objectContaining({ code: ErrorCodes.Csds.Failure, component: "CSDS-Client" }));
  });
});

describe("CsdsCache", () => {
  const records: CsdsRecord[] = [{ service: "a", baseURI: "h" }];

  it("shares one load between callers and keys, then serves it until the TTL has passed", async () => {
    let now = 0;
    let loads = 0;
    const cache = new CsdsCache({ now: () => now, ttlMs: 1000 });
    const load = async () => {
      loads++;
      return records;
    };
    await Promise.all([cache.records("k", load), cache.records("k", load), cache.records("k", load)]);
    expect(loads).toBe(1);
    await cache.records("other", load);
    expect(loads).toBe(2);
    now = 1000;
    await cache.records("k", load);
    expect(loads).toBe(2);
    now = 1001;
    await cache.records("k", load);
    expect(loads).toBe(3);
  });

  it("does not keep empty lists or failures, nor a load that finishes after clear()", async () => {
    const cache = new CsdsCache();
    let loads = 0;
    await cache.records("k", async () => (loads++, []));
    await cache.records("k", async () => (loads++, []));
    expect(loads).toBe(2);
    await expect(cache.records("f", async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await cache.records("f", async () => records)).toBe(records);

    let release!: (r: CsdsRecord[]) => void;
    const slow = cache.records("s", () => new Promise((r) => (release = r)));
    cache.clear();
    release(records);
    await slow;
    let reloaded = false;
    await cache.records("s", async () => ((reloaded = true), records));
    expect(reloaded).toBe(true);
  });
});
