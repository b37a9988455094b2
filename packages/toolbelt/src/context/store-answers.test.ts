/** The store's 2xx answers read into results, with no store. */
import { describe, expect, it } from "vitest";
import type { CoreResponse } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { isSuccess, pickProperties, readEntity, readNamespaces, readPropertyValue, readSessionIds } from "./store-answers";
import { createStoreErrors } from "./store-errors";

const errors = createStoreErrors("k");
const unknown = expect.objectContaining({ code: ErrorCodes.ContextService.General.Unknown });

function answer(body: string, statusCode = 200): CoreResponse {
  return { statusCode, statusMessage: "", headers: {}, body: Buffer.from(body), url: new URL("https://store.example") };
}

describe("isSuccess", () => {
  it.each([
    [199, false],
    [200, true],
    [204, true],
    [299, true],
    [302, false],
    [404, false],
  ])("%i → %s", (status, expected) => {
    expect(isSuccess(answer("", status))).toBe(expected);
  });
});

describe("readers", () => {
  it("readNamespaces: createdAt as Date, ttlSecond only when positive, entries without a name skipped", () => {
    const list = readNamespaces(
      answer(
        JSON.stringify([
          { name: "a", createdAt: "2026-01-02T03:04:05.000Z", ttlSecond: 0 },
          { name: "b", createdAt: 1764331200000, ttlSecond: 60 },
          { nope: 1 },
          null,
          { name: "c" },
        ]),
      ),
      errors,
    );
    expect(list).toEqual([
      { name: "a", createdAt: new Date("2026-01-02T03:04:05.000Z") },
      { name: "b", createdAt: new Date(1764331200000), ttlSecond: 60 },
      { name: "c", createdAt: new Date(Number.NaN) },
    ]);
  });

  it.each<[string, () => unknown]>([
    ["namespaces: not a list", () => readNamespaces(answer('{"a":1}'), errors)],
    ["namespaces: not JSON", () => readNamespaces(answer("<html>"), errors)],
    ["entity: a list", () => readEntity(answer("[1]"), errors)],
    ["entity: null", () => readEntity(answer("null"), errors)],
    ["entity: empty", () => readEntity(answer(""), errors)],
    ["session ids: not all strings", () => readSessionIds(answer('["a", 1]'), errors)],
    ["session ids: an object", () => readSessionIds(answer('{"not":"a list"}'), errors)],
  ])("%s → unknown", (_name, read) => {
    expect(read).toThrow(unknown);
  });

  it("readEntity and readSessionIds return what the store sent", () => {
    expect(readEntity(answer('{"a":1,"b":[true]}'), errors)).toEqual({ a: 1, b: [true] });
    expect(readSessionIds(answer('["__default__","conv-1"]'), errors)).toEqual(["__default__", "conv-1"]);
  });

  it.each([
    ['{"deep":[1,2]}', { deep: [1, 2] }],
    ["42", 42],
    ['"hello"', "hello"],
    ["not json at all", "not json at all"],
  ])("readPropertyValue(%j)", (body, expected) => {
    expect(readPropertyValue(answer(body))).toEqual(expected);
  });
});

describe("pickProperties", () => {
  it("keeps only the session's own properties, in the order asked, __proto__ as data", () => {
    const all = JSON.parse('{"__proto__":{"polluted":true},"status":"open","zero":0,"nothing":null}') as Record<string, unknown>;
    const picked = pickProperties(all, ["nothing", "status", "missing", "constructor", "toString", "__proto__"]);
    expect(Object.keys(picked)).toEqual(["nothing", "status", "__proto__"]);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect((picked as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
