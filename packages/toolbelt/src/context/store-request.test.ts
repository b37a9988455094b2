/** Each method's request, and the URL and headers every request carries: pure, no store needed. */
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { storeCalls, storeHeaders, storeUrl, type StoreCall } from "./store-request";

describe("storeCalls", () => {
  it.each<[string, () => StoreCall, StoreCall]>([
    ["listNamespaces", () => storeCalls.listNamespaces(), { method: "GET", path: "" }],
    [
      "createNamespace with a TTL",
      () => storeCalls.createNamespace("carts", { ttl: 3600 }),
      { method: "POST", path: "", query: "?ttlSecond=3600", body: '{"name":"carts"}' },
    ],
    ["createNamespace without one", () => storeCalls.createNamespace("x/y", undefined), { method: "POST", path: "", query: "", body: '{"name":"x/y"}' }],
    ["deleteNamespace", () => storeCalls.deleteNamespace("a b"), { method: "DELETE", path: "/a%20b" }],
    [
      "mergeProperties, default session",
      () => storeCalls.mergeProperties("orders", { a: 1, skipped: undefined }, undefined),
      { method: "PATCH", path: "/orders/__default__/properties", body: '{"a":1}' },
    ],
    ["getProperties", () => storeCalls.getProperties("orders", "conv-1"), { method: "GET", path: "/orders/conv-1/properties" }],
    ["getProperty", () => storeCalls.getProperty("a/b", "p#1 %", "?x=1"), { method: "GET", path: "/a%2Fb/%3Fx%3D1/properties/p%231%20%25" }],
    ["deleteProperty", () => storeCalls.deleteProperty("orders", "currency", undefined), { method: "DELETE", path: "/orders/__default__/properties/currency" }],
    ["deleteSession (trailing slash)", () => storeCalls.deleteSession("ns ü", "s/../.."), { method: "DELETE", path: "/ns%20%C3%BC/s%2F..%2F../properties/" }],
    ["listSessions", () => storeCalls.listSessions("a?b"), { method: "GET", path: "/a%3Fb/session-ids" }],
  ])("%s", (_name, build, expected) => {
    expect(build()).toEqual(expected);
  });

  it.each<[string, () => StoreCall, RegExp]>([
    // The namespace is checked before the session, the session before the property or the body.
    ["namespace before session", () => storeCalls.getProperty("", "p", ""), /^Namespace can not be/],
    ["session before property", () => storeCalls.getProperty("ns", "", ""), /^Session ID can not be/],
    ["session before the properties", () => storeCalls.mergeProperties("ns", null, null), /^Session ID can not be/],
    ["name before TTL", () => storeCalls.createNamespace("faas", { ttl: -1 }), /^Can not create a built-in namespace/],
    ["dot segments", () => storeCalls.deleteSession("ns", ".."), /can not be "\.\."/],
  ])("checks arguments in order: %s", (_name, build, message) => {
    expect(build).toThrow(expect.objectContaining({ code: ErrorCodes.ContextService.Parameter.Incorrect, message: expect.stringMatching(message) }));
  });
});

describe("storeUrl and storeHeaders", () => {
  it("puts the encoded account below the CSDS base, then the path and query", () => {
    expect(storeUrl("https://store.example", "123", { method: "GET", path: "/ns/session-ids" }).href).toBe(
      "https://store.example/v1/account/123/ns/session-ids",
    );
    expect(storeUrl("http://127.0.0.1:4000/prefix", "acc/1?x", { method: "POST", path: "", query: "?ttlSecond=5" }).href).toBe(
      "http://127.0.0.1:4000/prefix/v1/account/acc%2F1%3Fx?ttlSecond=5",
    );
  });

  it("sends the four headers", () => {
    expect(storeHeaders("k", "id-1")).toEqual({ "maven-api-key": "k", "Content-Type": "application/json", Accept: "application/json", "X-Request-ID": "id-1" });
  });
});
