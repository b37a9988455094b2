/** The store's input rules, table by table: predicates, the 400s they turn into, property encoding and sizes. */
import { describe, expect, it } from "vitest";
import { platformError } from "../../test/support/context-store";
import { BUILT_IN_NAMESPACES, ContextLimits } from "./context-types";
import {
  checkAccountId,
  checkCustomNamespaceName,
  checkId,
  checkNamespaceName,
  checkNamespaceRef,
  checkSessionBytes,
  checkTtlSecond,
  describeValue,
  encodeProperties,
  isAccountId,
  isBuiltInNamespace,
  isNamespaceName,
  isSessionOrPropertyId,
  propertiesJsonText,
  setOwn,
} from "./context-validation";

describe("predicates", () => {
  it.each<[unknown, boolean]>([
    ["12345678", true],
    ["le12345", true],
    ["a_b-C9", true],
    ["x".repeat(64), true],
    ["", false],
    ["x".repeat(65), false],
    ["a b", false],
    ["a.b", false],
    ["é", false],
    [12345678, false],
    [undefined, false],
  ])("isAccountId(%j) → %s", (value, valid) => {
    expect(isAccountId(value)).toBe(valid);
  });

  it.each<[unknown, boolean]>([
    ["orders", true],
    ["faas", true],
    ["A_b-9", true],
    ["x".repeat(100), true],
    ["", false],
    ["x".repeat(101), false],
    ["a b", false],
    ["a/b", false],
    ["a.b", false],
    ["é", false],
    [null, false],
  ])("isNamespaceName(%j) → %s", (value, valid) => {
    expect(isNamespaceName(value)).toBe(valid);
  });

  it.each<[unknown, boolean]>([
    ["s", true],
    ["__default__", true],
    ["__proto__", true],
    ["visitor 42?x=1#frag%2F", true],
    ["...", true],
    ["x".repeat(256), true],
    ["", false],
    [".", false],
    ["..", false],
    ["a/b", false],
    ["/", false],
    ["x".repeat(257), false],
    [5, false],
  ])("isSessionOrPropertyId(%j) → %s", (value, valid) => {
    expect(isSessionOrPropertyId(value)).toBe(valid);
  });

  it("knows the built-in namespaces, which are valid names too", () => {
    for (const name of BUILT_IN_NAMESPACES) {
      expect(isBuiltInNamespace(name)).toBe(true);
      expect(isNamespaceName(name)).toBe(true);
    }
    expect(isBuiltInNamespace("orders")).toBe(false);
    expect(isBuiltInNamespace("FAAS")).toBe(false);
  });
});

describe("checks (400 naming the field)", () => {
  it("return what they accept", () => {
    expect(checkAccountId("12345678")).toBe("12345678");
    expect(checkNamespaceName("orders")).toBe("orders");
    expect(checkCustomNamespaceName("orders", "create")).toBe("orders");
    expect(checkId("s1", "session id")).toBe("s1");
    expect(checkTtlSecond(undefined)).toBeUndefined();
    expect(checkTtlSecond(1)).toBe(1);
    expect(checkTtlSecond(ContextLimits.maxTtlSecond)).toBe(ContextLimits.maxTtlSecond);
    expect(() => checkNamespaceRef("12345678", "faas")).not.toThrow();
    expect(() => checkNamespaceRef("12345678", "orders")).not.toThrow();
  });

  it.each<[string, () => unknown, string]>([
    ["account id", () => checkAccountId("a b"), 'accountId "a b" is invalid: use 1-64 letters, digits, "_" or "-"'],
    ["account id, named field", () => checkAccountId(7, '"accountId"'), '"accountId" 7 is invalid: use 1-64 letters, digits, "_" or "-"'],
    ["namespace", () => checkNamespaceName("a b"), 'The namespace "a b" is invalid: use 1-100 letters, digits, "_" or "-"'],
    [
      "namespace, named field",
      () => checkNamespaceName(undefined, '"namespace.name"'),
      'The "namespace.name" undefined is invalid: use 1-100 letters, digits, "_" or "-"',
    ],
    ["built-in to create", () => checkCustomNamespaceName("faas", "create"), 'Can not create a built-in namespace ("faas")'],
    ["built-in to delete", () => checkCustomNamespaceName("consumer", "delete"), 'Can not delete a built-in namespace ("consumer")'],
    ["custom namespace", () => checkCustomNamespaceName("a/b", "create"), 'The namespace "a/b" is invalid: use 1-100 letters, digits, "_" or "-"'],
    ["namespace ref, account", () => checkNamespaceRef("a b", "faas"), 'accountId "a b" is invalid: use 1-64 letters, digits, "_" or "-"'],
    ["namespace ref, name", () => checkNamespaceRef("12345678", "a b"), 'The namespace "a b" is invalid: use 1-100 letters, digits, "_" or "-"'],
    ["session id", () => checkId("..", "session id"), 'The session id ".." is invalid: use 1-256 characters, no "/", not "." or ".."'],
    ["property name", () => checkId("a/b", "property name"), 'The property name "a/b" is invalid: use 1-256 characters, no "/", not "." or ".."'],
    ["TTL 0", () => checkTtlSecond(0), `ttlSecond must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not 0`],
    ["TTL 1.5", () => checkTtlSecond(1.5), `ttlSecond must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not 1.5`],
    [
      "TTL text",
      () => checkTtlSecond("60", '"namespace.ttlSecond"'),
      `"namespace.ttlSecond" must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not "60"`,
    ],
    [
      "TTL over",
      () => checkTtlSecond(ContextLimits.maxTtlSecond + 1),
      `ttlSecond must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not ${ContextLimits.maxTtlSecond + 1}`,
    ],
    ["TTL NaN", () => checkTtlSecond(Number.NaN), `ttlSecond must be a whole number of seconds from 1 to ${ContextLimits.maxTtlSecond}, not NaN`],
  ])("%s", (_what, check, message) => {
    expect(platformError(check, 400).message).toBe(message);
  });

  it("describes values shortly: strings quoted, at most 80 characters", () => {
    expect(describeValue("a")).toBe('"a"');
    expect(describeValue(null)).toBe("null");
    expect(describeValue("x".repeat(78))).toBe(`"${"x".repeat(78)}"`);
    expect(describeValue("x".repeat(79))).toBe(`"${"x".repeat(76)}...`);
    expect(describeValue("x".repeat(79))).toHaveLength(80);
  });
});

describe("property encoding", () => {
  it.each<[string, Record<string, unknown>]>([
    ["empty", {}],
    ["one number", { a: 1 }],
    ["every JSON type", { text: "hi", n: 3.25, no: false, nil: null, list: [1, "2", { three: 3 }], deep: { a: { b: ["c"] } } }],
    ["multi-byte text and names", { ü: "☕ ü", 名前: "値" }],
    ["escaped names", { 'quote"d': 1, "back\\slash": 2, "tab\t": 3 }],
  ])("sizes %s exactly as its JSON text", (_what, properties) => {
    const { entries, bytes } = encodeProperties(properties, "The properties");
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(properties)));
    expect(entries.map(([name]) => name)).toEqual(Object.keys(properties));
    for (const [name, size, json] of entries) {
      expect(json).toBe(JSON.stringify(properties[name]));
      expect(size).toBe(Buffer.byteLength(`${JSON.stringify(name)}:${json}`));
    }
    expect(JSON.parse(propertiesJsonText(entries.map(([name, , json]) => [name, json] as const)))).toEqual(properties);
  });

  it.each<[string, unknown, string]>([
    ["not an object", [1], "The properties must be a JSON object (property name → value)"],
    ["null", null, "The properties must be a JSON object (property name → value)"],
    ["a bad name", { "a/b": 1 }, 'The property name "a/b" is invalid'],
    ["undefined", { a: undefined }, 'The value of property "a" is not a JSON value'],
    ["a function", { f: () => 1 }, 'The value of property "f" is not a JSON value'],
    ["a BigInt", { big: 10n }, 'The value of property "big" is not JSON: '],
  ])("refuses %s with a 400", (_what, properties, message) => {
    expect(platformError(() => encodeProperties(properties, "The properties"), 400).message).toContain(message);
  });

  it("keeps __proto__ as an own property, in objects and in JSON text", () => {
    const target: Record<string, unknown> = {};
    setOwn(target, "__proto__", { x: 1 });
    setOwn(target, "a", 2);
    expect(Object.keys(target)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(propertiesJsonText([["__proto__", '{"x":1}']])).toBe('{"__proto__":{"x":1}}');
    expect(propertiesJsonText([])).toBe("{}");
  });

  it("checkSessionBytes: the limit itself is fine, one byte more is a 413 naming what and how big", () => {
    expect(() => checkSessionBytes("The properties", ContextLimits.maxSessionBytes)).not.toThrow();
    const error = platformError(() => checkSessionBytes('Session "s1"', ContextLimits.maxSessionBytes + 1), 413);
    expect(error.message).toBe(`Session "s1" would be ${ContextLimits.maxSessionBytes + 1} bytes as JSON; the limit is ${ContextLimits.maxSessionBytes} bytes`);
  });
});
