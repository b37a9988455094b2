import { describe, expect, it } from "vitest";
import { mergeQuery, parseQuery, rfc3986, stringifyQuery } from "./query";

describe("stringifyQuery", () => {
  it("uses qs by default: indexed arrays and nested objects, brackets percent-encoded", () => {
    expect(stringifyQuery({ a: [1, 2] }, {})).toBe("a%5B0%5D=1&a%5B1%5D=2");
    expect(stringifyQuery({ o: { k: "v" }, e: "" }, {})).toBe("o%5Bk%5D=v&e=");
    expect(stringifyQuery({ u: undefined, n: null }, {})).toBe("n=");
    expect(stringifyQuery({ s: "a b!'()*~" }, {})).toBe("s=a%20b%21%27%28%29%2A~");
  });

  it("passes qsStringifyOptions to qs and leaves its output alone (request did not re-escape qs output)", () => {
    expect(stringifyQuery({ a: [1, 2] }, { qsStringifyOptions: { arrayFormat: "repeat" } })).toBe("a=1&a=2");
    expect(stringifyQuery({ a: [1, 2] }, { qsStringifyOptions: { arrayFormat: "brackets" } })).toBe("a%5B%5D=1&a%5B%5D=2");
    expect(stringifyQuery({ p: "(x) y" }, { qsStringifyOptions: { format: "RFC1738" } })).toBe("p=(x)+y");
    expect(stringifyQuery({ p: "it's" }, { qsStringifyOptions: { encode: false } })).toBe("p=it's");
  });

  it("uses querystring with useQuerystring: repeated keys, RFC 3986 escaping, sep and eq", () => {
    expect(stringifyQuery({ a: [1, 2] }, { useQuerystring: true })).toBe("a=1&a=2");
    expect(stringifyQuery({ s: "it's (ok)*!" }, { useQuerystring: true })).toBe("s=it%27s%20%28ok%29%2A%21");
    expect(stringifyQuery({ a: 1, b: 2 }, { useQuerystring: true, qsStringifyOptions: { sep: ";", eq: ":" } })).toBe("a:1;b:2");
  });
});

describe("parseQuery", () => {
  it("parses with qs (nested) or querystring (repeated keys as arrays)", () => {
    expect(parseQuery("a[0]=1&a[1]=2&o[k]=v", {})).toEqual({ a: ["1", "2"], o: { k: "v" } });
    expect(parseQuery("a=1&a=2&b=3", { useQuerystring: true })).toEqual({ a: ["1", "2"], b: "3" });
    expect(parseQuery("a:1;b:2", { useQuerystring: true, qsParseOptions: { sep: ";", eq: ":" } })).toEqual({ a: "1", b: "2" });
    expect(parseQuery("a.b=1", { qsParseOptions: { allowDots: true } })).toEqual({ a: { b: "1" } });
  });
});

describe("mergeQuery", () => {
  const url = (text: string) => new URL(text);

  it("adds qs to a URL without a query", () => {
    expect(mergeQuery(url("http://h/p"), { a: 1 }, {}).href).toBe("http://h/p?a=1");
  });

  it("merges over the existing query, qs keys winning, as request's Request.prototype.qs did", () => {
    expect(mergeQuery(url("http://h/p?x=1&y=2"), { y: 3, z: [4] }, {}).href).toBe("http://h/p?x=1&y=3&z%5B0%5D=4");
    expect(mergeQuery(url("http://h/p?x=1&x=2"), { y: 3 }, { useQuerystring: true }).href).toBe("http://h/p?x=1&x=2&y=3");
  });

  it("leaves the URL alone when the result is empty, and keeps the fragment and userinfo", () => {
    const original = url("http://h/p");
    expect(mergeQuery(original, {}, {})).toBe(original);
    // A non-empty existing query is re-serialised through the same library, as request did.
    expect(mergeQuery(url("http://h/p?keep=1&a[]=x"), {}, {}).href).toBe("http://h/p?keep=1&a%5B0%5D=x");
    expect(mergeQuery(url("http://u:p@h/p#frag"), { a: 1 }, {}).href).toBe("http://u:p@h/p?a=1#frag");
  });

  it("does not change its input", () => {
    const original = url("http://h/p?x=1");
    mergeQuery(original, { y: 2 }, {});
    expect(original.href).toBe("http://h/p?x=1");
  });
});

describe("rfc3986", () => {
  it("escapes exactly !'()*", () => {
    expect(rfc3986("!'()*-_.~ab")).toBe("%21%27%28%29%2A-_.~ab");
  });
});
