import { describe, expect, it } from "vitest";
import { canonicalHostOfText, canonicalHostOfUrl, canonicalIp } from "./host";

describe("canonicalIp", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["[::ffff:127.0.0.1]", "127.0.0.1"],
    ["::ffff:7f00:1", "127.0.0.1"],
    ["0:0:0:0:0:ffff:7f00:0001", "127.0.0.1"],
    ["::1", "0000:0000:0000:0000:0000:0000:0000:0001"],
    ["[::]", "0000:0000:0000:0000:0000:0000:0000:0000"],
    ["2001:DB8::", "2001:0db8:0000:0000:0000:0000:0000:0000"],
    ["2001:db8:0:0:1::1", "2001:0db8:0000:0000:0001:0000:0000:0001"],
    // IPv4-compatible (not mapped) stays IPv6: it is a different address.
    ["::7f00:1", "0000:0000:0000:0000:0000:0000:7f00:0001"],
    ["::ffff:0:7f00:1", "0000:0000:0000:0000:ffff:0000:7f00:0001"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it.each(["example.com", "127.1", "0177.0.0.1", "256.0.0.1", "", "[]", "1::2::3"])("%j is not an IP literal", (input) => {
    expect(canonicalIp(input)).toBeUndefined();
  });
});

describe("canonicalHostOfUrl: what undici will dial", () => {
  it.each([
    // IPv4 in every notation the WHATWG parser accepts.
    ["http://127.0.0.1/", "ip", "127.0.0.1"],
    ["http://2130706433/", "ip", "127.0.0.1"],
    ["http://0177.0.0.1/", "ip", "127.0.0.1"],
    ["http://0x7f.0.0.1/", "ip", "127.0.0.1"],
    ["http://0x7f000001/", "ip", "127.0.0.1"],
    ["http://017700000001/", "ip", "127.0.0.1"],
    ["http://127.1/", "ip", "127.0.0.1"],
    ["http://127.0.1/", "ip", "127.0.0.1"],
    ["http://127.0.0.1./", "ip", "127.0.0.1"],
    ["http://127.0.0.1%2e/", "ip", "127.0.0.1"],
    ["http://[::ffff:127.0.0.1]/", "ip", "127.0.0.1"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "ip", "127.0.0.1"],
    ["http://0/", "ip", "0.0.0.0"],
    ["http://[::1]:8080/", "ip", "0000:0000:0000:0000:0000:0000:0000:0001"],
    // Names: case, trailing dot, percent-encoding, IDN, userinfo.
    ["https://EXAMPLE.com/", "name", "example.com"],
    ["https://example.com./", "name", "example.com"],
    ["https://%65xample.com/", "name", "example.com"],
    ["https://ｅｘａｍｐｌｅ.com/", "name", "example.com"],
    ["https://example\u3002com/", "name", "example.com"],
    ["https://bücher.example/", "name", "xn--bcher-kva.example"],
    ["https://XN--BCHER-KVA.example/", "name", "xn--bcher-kva.example"],
    ["https://\u0430pple.com/", "name", "xn--pple-43d.com"],
    ["https://allowed.com@evil.com/", "name", "evil.com"],
    ["https://allowed.com:pw@evil.com:8443/", "name", "evil.com"],
    ["https://evil.com\\@allowed.com/", "name", "evil.com"],
    ["https://evil.com#@allowed.com/", "name", "evil.com"],
    ["https://evil.com?@allowed.com/", "name", "evil.com"],
  ])("%s → %s %s", (url, kind, value) => {
    expect(canonicalHostOfUrl(new URL(url))).toEqual({ kind, value });
  });
});

describe("canonicalHostOfText: allowlist entries and Host headers", () => {
  it.each([
    ["api.Example.COM", "name", "api.example.com"],
    [" api.example.com. ", "name", "api.example.com"],
    ["api.example.com:8443", "name", "api.example.com"],
    ["ａｐｉ.example.com", "name", "api.example.com"],
    ["bücher.example", "name", "xn--bcher-kva.example"],
    ["2130706433", "ip", "127.0.0.1"],
    ["0x7f.1", "ip", "127.0.0.1"],
    ["127.0.0.1:8080", "ip", "127.0.0.1"],
    ["[::ffff:127.0.0.1]", "ip", "127.0.0.1"],
    ["[::ffff:127.0.0.1]:80", "ip", "127.0.0.1"],
    ["::ffff:127.0.0.1", "ip", "127.0.0.1"],
    ["::1", "ip", "0000:0000:0000:0000:0000:0000:0000:0001"],
  ])("%j → %s %s", (text, kind, value) => {
    expect(canonicalHostOfText(text)).toEqual({ kind, value });
  });

  it.each([
    "",
    "   ",
    "user@evil.com",
    "evil.com/path",
    "a b.com",
    "evil.com?x",
    "evil.com#x",
    "evil.com\\x",
    "http://evil.com",
    "exa mple.com",
    "[::1",
    "256.256.256.256",
    ".",
  ])("%j is not a host", (text) => {
    expect(canonicalHostOfText(text)).toBeUndefined();
  });
});
