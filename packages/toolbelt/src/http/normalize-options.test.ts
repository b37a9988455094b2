import { describe, expect, it } from "vitest";
import { ToolbeltError } from "../errors/toolbelt-error";
import { findCallback, mergeDefaults, readCallForm, resolveOptions, UNSUPPORTED_OPTIONS } from "./normalize-options";
import type { HttpClientOptions } from "./types";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolbeltError);
    return (error as ToolbeltError).code;
  }
  return undefined;
}

const INVALID = "com.liveperson.faas.http.invalid-option";
const UNSUPPORTED = "com.liveperson.faas.http.unsupported-option";
const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;

describe("readCallForm / findCallback", () => {
  const cb = () => undefined;

  it("reads (uri), (uri, options), (options), with the callback last or in options", () => {
    expect(readCallForm({}, ["http://h/a"])).toEqual({ options: { uri: "http://h/a" }, callback: undefined });
    expect(readCallForm({}, ["http://h/a", { json: true }, cb])).toEqual({ options: { json: true, uri: "http://h/a" }, callback: cb });
    expect(readCallForm({}, ["http://h/a", cb]).callback).toBe(cb);
    expect(readCallForm({}, [{ uri: "http://h/a" }, cb]).callback).toBe(cb);
    expect(readCallForm({}, [{ uri: "http://h/a", callback: cb }]).callback).toBe(cb);
    expect(readCallForm({}, ["http://h/a", { uri: "http://h/b" }]).options.uri).toBe("http://h/a");
  });

  it("never changes the caller's options object", () => {
    const options: HttpClientOptions = { uri: "http://h/a", headers: { a: "1" } };
    const frozen = JSON.stringify(options);
    readCallForm({ headers: { b: "2" }, qs: { x: 1 } }, [options]);
    expect(JSON.stringify(options)).toBe(frozen);
  });

  it("rejects a first argument that is neither a URL nor options, but still finds the callback", () => {
    expect(codeOf(() => readCallForm({}, [42]))).toBe(INVALID);
    expect(codeOf(() => readCallForm({}, [undefined, cb]))).toBe(INVALID);
    expect(findCallback([undefined, cb])).toBe(cb);
    expect(findCallback([42, undefined, cb])).toBe(cb);
    expect(findCallback(["http://h", { callback: cb }])).toBe(cb);
    expect(findCallback([{ callback: cb }])).toBe(cb);
    expect(findCallback(["http://h"])).toBeUndefined();
  });
});

describe("mergeDefaults", () => {
  it("deep-merges plain objects, the call winning, as request's extend(true, ...) did", () => {
    const merged = mergeDefaults(
      { json: true, qs: { a: 1, b: 1 }, auth: { user: "u", pass: "p" }, headers: { "X-A": "1" } },
      { qs: { b: 2 }, auth: { pass: "q" }, headers: { "X-B": "2" } },
    );
    expect(merged).toEqual({ json: true, qs: { a: 1, b: 2 }, auth: { user: "u", pass: "q" }, headers: { "X-A": "1", "X-B": "2" } });
  });

  it("merges header names case-insensitively and skips undefined values", () => {
    const merged = mergeDefaults({ headers: { "User-Agent": "default", Accept: "text/plain" } }, { headers: { "user-agent": "call", Accept: undefined } });
    expect(merged.headers).toEqual({ Accept: "text/plain", "user-agent": "call" });
    expect(mergeDefaults({ timeout: 5 }, { timeout: undefined }).timeout).toBe(5);
  });

  it("replaces arrays, Buffers and class instances instead of merging into them", () => {
    const body = Buffer.from("call");
    const merged = mergeDefaults({ qs: { list: [1, 2, 3] }, body: Buffer.from("default") }, { qs: { list: [9] }, body });
    expect(merged.qs).toEqual({ list: [9] });
    expect(merged.body).toBe(body);
  });

  it("leaves both inputs untouched", () => {
    const defaults = { headers: { a: "1" }, qs: { x: 1 } };
    const options = { headers: { b: "2" }, qs: { y: 2 } };
    mergeDefaults(defaults, options);
    expect(defaults).toEqual({ headers: { a: "1" }, qs: { x: 1 } });
    expect(options).toEqual({ headers: { b: "2" }, qs: { y: 2 } });
  });
});

describe("resolveOptions: URL", () => {
  it.each([
    ["http://h/api", "items", "http://h/api/items"],
    ["http://h/api/", "items", "http://h/api/items"],
    ["http://h/api", "/items", "http://h/api/items"],
    ["http://h/api/", "/items", "http://h/api/items"],
    ["http://h/api", "", "http://h/api"],
  ])("joins baseUrl %j and uri %j", (baseUrl, uri, href) => {
    expect(resolveOptions({ baseUrl, uri }).url.href).toBe(href);
  });

  it("rejects an absolute uri with baseUrl, a missing uri, a bad scheme; ignores a falsy baseUrl", () => {
    expect(codeOf(() => resolveOptions({ baseUrl: "http://h", uri: "http://other/x" }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ baseUrl: "http://h", uri: "//other/x" }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({}))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "" }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "file:///etc/passwd" }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", baseUrl: 5 as never }))).toBe(INVALID);
    expect(resolveOptions({ uri: "http://h/x", baseUrl: "" }).url.href).toBe("http://h/x");
  });

  it("masks userinfo in the message of an invalid URI", () => {
    try {
      resolveOptions({ uri: "http://user:hunter2@exa mple.com/" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("Invalid URI");
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("merges qs into the URL and never dials userinfo", () => {
    const resolved = resolveOptions({ uri: "http://u:p@h/x?a=1", qs: { b: [1] } });
    expect(resolved.url.href).toBe("http://h/x?a=1&b%5B0%5D=1");
    expect(codeOf(() => resolveOptions({ uri: "http://h", qs: "a=1" as never }))).toBe(INVALID);
  });
});

describe("resolveOptions: headers and auth", () => {
  it("adds accept for json and accept-encoding for gzip, unless set (any case)", () => {
    expect(resolveOptions({ uri: "http://h", json: true, gzip: true }).headers).toEqual({ accept: "application/json", "accept-encoding": "gzip, deflate" });
    expect(resolveOptions({ uri: "http://h", json: true, headers: { ACCEPT: "text/xml" } }).headers).toEqual({ ACCEPT: "text/xml" });
  });

  it("treats json and gzip by truthiness, as request did", () => {
    expect(resolveOptions({ uri: "http://h", json: null }).json).toBe(false);
    expect(resolveOptions({ uri: "http://h", json: 0 }).json).toBe(false);
    expect(resolveOptions({ uri: "http://h", json: { a: 1 } }).json).toBe(true);
    expect(resolveOptions({ uri: "http://h", gzip: 1 as never }).gzip).toBe(true);
  });

  it("builds Authorization: auth beats the header, the header beats URL userinfo", () => {
    const headersOf = (options: HttpClientOptions) => resolveOptions({ uri: "http://h", ...options }).headers;
    expect(headersOf({ auth: { user: "u", pass: "p" } }).authorization).toBe(basic("u:p"));
    expect(headersOf({ auth: { user: "u" } }).authorization).toBe(basic("u:"));
    expect(headersOf({ auth: { user: "u", username: "name", pass: "p", password: "word" } }).authorization).toBe(basic("name:word"));
    expect(headersOf({ auth: { bearer: "t" } }).authorization).toBe("Bearer t");
    expect(headersOf({ auth: { bearer: () => "fn" } }).authorization).toBe("Bearer fn");
    expect(headersOf({ auth: { bearer: "t" }, headers: { Authorization: "x" } })).toEqual({ authorization: "Bearer t" });
    expect(resolveOptions({ uri: "http://a%40b:c%3Ad@h" }).headers.authorization).toBe(basic("a@b:c:d"));
    expect(resolveOptions({ uri: "http://u:p@h", headers: { Authorization: "Bearer mine" } }).headers).toEqual({ Authorization: "Bearer mine" });
    expect(resolveOptions({ uri: "http://u:p@h", auth: { user: "opt", pass: "x" } }).headers.authorization).toBe(basic("opt:x"));
  });

  it("rejects auth without user or bearer, non-string credentials, and sendImmediately: false", () => {
    expect(codeOf(() => resolveOptions({ uri: "http://h", auth: { pass: "p" } }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", auth: { user: 5 as never } }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", auth: "u:p" as never }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", auth: { user: "u", sendImmediately: false } }))).toBe(UNSUPPORTED);
  });

  it("stringifies header values and drops undefined ones", () => {
    expect(resolveOptions({ uri: "http://h", headers: { n: 1, l: ["a", "b"], u: undefined } }).headers).toEqual({ n: "1", l: ["a", "b"] });
  });
});

describe("resolveOptions: behaviour flags", () => {
  it("has request-promise's defaults", () => {
    const resolved = resolveOptions({ uri: "http://h" });
    expect(resolved).toMatchObject({
      method: "GET",
      simple: true,
      resolveWithFullResponse: false,
      followRedirect: true,
      followAllRedirects: false,
      followOriginalHttpMethod: false,
      maxRedirects: 10,
      removeRefererHeader: false,
      gzip: false,
      encoding: "utf8",
      json: false,
      transform2xxOnly: false,
      time: false,
      timeoutMs: undefined,
      tls: { rejectUnauthorized: true },
    });
  });

  it.each([
    [{}, true],
    [{ rejectUnauthorized: false }, false],
    [{ strictSSL: false }, false],
    [{ strictSSL: false, rejectUnauthorized: true }, false],
    [{ rejectUnauthorized: false, strictSSL: true }, false],
    [{ strictSSL: true }, true],
  ])("verifies TLS for %j: %s", (options, verify) => {
    expect(resolveOptions({ uri: "https://h", ...options }).tls.rejectUnauthorized).toBe(verify);
  });

  it("normalises followRedirect like request (!!value, or the function)", () => {
    const fn = () => true;
    expect(resolveOptions({ uri: "http://h", followRedirect: fn }).followRedirect).toBe(fn);
    expect(resolveOptions({ uri: "http://h", followRedirect: 0 as never }).followRedirect).toBe(false);
    expect(resolveOptions({ uri: "http://h", followRedirect: null as never }).followRedirect).toBe(false);
  });

  it("upper-cases the method and validates method, maxRedirects, timeout, encoding, transform", () => {
    expect(resolveOptions({ uri: "http://h", method: "patch" }).method).toBe("PATCH");
    expect(codeOf(() => resolveOptions({ uri: "http://h", method: "GET /x" }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", maxRedirects: -1 }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", maxRedirects: 1.5 }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", timeout: -5 }))).toBe(INVALID);
    expect(resolveOptions({ uri: "http://h", timeout: 1500.7 }).timeoutMs).toBe(1500);
    expect(resolveOptions({ uri: "http://h", encoding: null }).encoding).toBeNull();
    expect(codeOf(() => resolveOptions({ uri: "http://h", encoding: "nope" as never }))).toBe(INVALID);
    expect(codeOf(() => resolveOptions({ uri: "http://h", transform: "x" as never }))).toBe(INVALID);
  });

  it("passes TLS material through", () => {
    expect(resolveOptions({ uri: "https://h", ca: "CA", cert: "C", key: "K", passphrase: "P" }).tls).toEqual({
      rejectUnauthorized: true,
      ca: "CA",
      cert: "C",
      key: "K",
      passphrase: "P",
    });
  });
});

describe("resolveOptions: unsupported options", () => {
  it.each(Object.entries(UNSUPPORTED_OPTIONS))("refuses %s and says what to do instead", (name, instead) => {
    try {
      resolveOptions({ uri: "http://h", [name]: false });
      expect.unreachable();
    } catch (error) {
      expect((error as ToolbeltError).code).toBe(UNSUPPORTED);
      expect((error as Error).message).toContain(`"${name}"`);
      expect((error as Error).message).toContain(instead);
    }
  });

  it("ignores unsupported options that are undefined, and unknown keys", () => {
    expect(() => resolveOptions({ uri: "http://h", agent: undefined, someLpClientOption: 1 })).not.toThrow();
  });
});
