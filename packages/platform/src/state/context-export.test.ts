/** The export/import document alone, without a database: building it from rows, and parsing and checking an import. */
import { describe, expect, it } from "vitest";
import { T0, ACC, platformError } from "../../test/support/context-store";
import { buildExport, EXPORT_FORMAT, parseImportDocument, type ExportRow } from "./context-export";
import { ContextLimits, type ContextNamespaceExport } from "./context-types";

const good: ContextNamespaceExport = {
  format: EXPORT_FORMAT,
  version: 1,
  accountId: ACC,
  namespace: { name: "orders", createdAt: new Date(T0).toISOString(), ttlSecond: 3600 },
  sessions: { s1: { a: 1, nested: { b: [true, null] } }, s2: { text: "☕" } },
};

describe("buildExport", () => {
  it("groups adjacent rows by session, in row order, values parsed from their JSON text", () => {
    const rows: ExportRow[] = [
      ["s2", "x", "1"],
      ["s2", "y", '"two"'],
      ["s1", "z", '{"deep":[null]}'],
    ];
    const doc = buildExport(ACC, { name: "orders", createdAt: T0, ttlSecond: 60 }, rows);
    expect(doc).toEqual({
      format: EXPORT_FORMAT,
      version: 1,
      accountId: ACC,
      namespace: { name: "orders", createdAt: "2026-01-01T12:00:00.000Z", ttlSecond: 60 },
      sessions: { s2: { x: 1, y: "two" }, s1: { z: { deep: [null] } } },
    });
    expect(Object.keys(doc.sessions)).toEqual(["s2", "s1"]);
  });

  it("leaves out a missing TTL; an empty namespace has no sessions; __proto__ stays an own key", () => {
    const empty = buildExport(ACC, { name: "faas", createdAt: 0 }, []);
    expect(empty.namespace).toEqual({ name: "faas", createdAt: "1970-01-01T00:00:00.000Z" });
    expect(empty.namespace).not.toHaveProperty("ttlSecond");
    expect(empty.sessions).toEqual({});
    const odd = buildExport(ACC, { name: "orders", createdAt: T0 }, [["__proto__", "__proto__", "1"]]);
    expect(Object.keys(odd.sessions)).toEqual(["__proto__"]);
    expect(Object.keys(odd.sessions["__proto__"]!)).toEqual(["__proto__"]);
    expect(JSON.parse(JSON.stringify(odd))).toEqual(odd);
  });
});

describe("parseImportDocument", () => {
  it("returns the document checked, with every session's properties encoded", () => {
    const parsed = parseImportDocument(JSON.parse(JSON.stringify(good)));
    expect(parsed).toEqual({
      accountId: ACC,
      namespace: "orders",
      ttlSecond: 3600,
      createdAt: T0,
      sessions: [
        [
          "s1",
          [
            ["a", 5, "1"],
            ["nested", 26, '{"b":[true,null]}'],
          ],
        ],
        ["s2", [["text", Buffer.byteLength('"text":"☕"'), '"☕"']]],
      ],
    });
  });

  it("imports into another account or namespace when told", () => {
    const parsed = parseImportDocument(good, { accountId: "777", namespace: "copy" });
    expect(parsed).toMatchObject({ accountId: "777", namespace: "copy", ttlSecond: 3600, createdAt: T0 });
    expect(parseImportDocument({ ...good, namespace: { name: "orders", createdAt: good.namespace.createdAt } }).ttlSecond).toBeUndefined();
  });

  it("reads back what buildExport writes", () => {
    const doc = buildExport(ACC, { name: "orders", createdAt: T0 }, [["s1", "a", "[1,2]"]]);
    const parsed = parseImportDocument(JSON.parse(JSON.stringify(doc)));
    expect(parsed).toEqual({ accountId: ACC, namespace: "orders", ttlSecond: undefined, createdAt: T0, sessions: [["s1", [["a", 9, "[1,2]"]]]] });
  });

  it.each<[string, unknown, string]>([
    ["null", null, "The import must be a JSON object (an lp-faas context export)"],
    ["an array", [good], "The import must be a JSON object (an lp-faas context export)"],
    ["another format", { ...good, format: "other" }, `"format" must be "${EXPORT_FORMAT}", not "other"`],
    ["version 2", { ...good, version: 2 }, '"version" must be 1, not 2'],
    ["a numeric account", { ...good, accountId: 7 }, '"accountId" must be a string, not 7'],
    ["a bad account", { ...good, accountId: "a b" }, '"accountId" "a b" is invalid: use 1-64 letters, digits, "_" or "-"'],
    ["a namespace that is text", { ...good, namespace: "orders" }, '"namespace" must be an object { name, createdAt, ttlSecond? }'],
    ["a bad namespace name", { ...good, namespace: { ...good.namespace, name: "bad name" } }, 'The "namespace.name" "bad name" is invalid'],
    [
      "a date that is not ISO",
      { ...good, namespace: { ...good.namespace, createdAt: "yesterday" } },
      '"namespace.createdAt" must be an ISO-8601 date, not "yesterday"',
    ],
    ["an impossible date", { ...good, namespace: { ...good.namespace, createdAt: "2026-13-45T00:00:00Z" } }, '"namespace.createdAt" must be an ISO-8601 date'],
    ["a numeric date", { ...good, namespace: { ...good.namespace, createdAt: 5 } }, '"namespace.createdAt" must be an ISO-8601 date, not 5'],
    ["a negative TTL", { ...good, namespace: { ...good.namespace, ttlSecond: -5 } }, '"namespace.ttlSecond" must be a whole number'],
    ["a TTL as text", { ...good, namespace: { ...good.namespace, ttlSecond: "60" } }, '"namespace.ttlSecond" must be a whole number'],
    ["sessions as a list", { ...good, sessions: [] }, '"sessions" must be an object (session id → properties)'],
    ["a session as a list", { ...good, sessions: { s1: { a: 1 }, s2: [1] } }, '"sessions.s2" must be a JSON object'],
    ["a bad session id", { ...good, sessions: { "..": { a: 1 } } }, 'The session id "sessions..." ".." is invalid'],
    ["a long bad session id", { ...good, sessions: { [`${"x".repeat(300)}`]: { a: 1 } } }, `The session id "sessions.${"x".repeat(57)}..."`],
    ["a bad property name", { ...good, sessions: { s1: { "a/b": 1 } } }, 'The property name "a/b" is invalid'],
  ])("refuses %s with a 400 naming the field", (_what, doc, message) => {
    expect(platformError(() => parseImportDocument(doc), 400).message).toContain(message);
  });

  it("names the target, not the document, when the target is bad", () => {
    expect(platformError(() => parseImportDocument(good, { accountId: "a b" }), 400).message).toContain('The account id "a b" is invalid');
    expect(platformError(() => parseImportDocument(good, { namespace: "a b" }), 400).message).toContain('The target namespace "a b" is invalid');
  });

  it("refuses a session over maxSessionBytes with a 413 naming it", () => {
    const big = { ...good, sessions: { ok: { a: 1 }, huge: { a: "x".repeat(ContextLimits.maxSessionBytes) } } };
    expect(platformError(() => parseImportDocument(big), 413).message).toContain('"sessions.huge" would be');
  });
});
