import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { compileAllowlist } from "./allowlist";
import { canonicalHostOfUrl } from "./host";

const ENTRIES = ["api.example.com", "*.allowed.com", "Mixed.Case.ORG.", "*.bücher.example", "2130706433", "::1"];

/** Matches the way the policy does: the URL's canonical host. */
function allows(entries: readonly string[], url: string): boolean {
  const host = canonicalHostOfUrl(new URL(url));
  if (!host) throw new Error(`no host in ${url}`);
  return compileAllowlist(entries).allows(host);
}

describe("compileAllowlist: matching", () => {
  it.each([
    // Exact names, any case, trailing dot, encodings.
    ["https://api.example.com/", true],
    ["https://API.EXAMPLE.COM./", true],
    ["https://%61pi.example.com/", true],
    ["https://ａｐｉ.example.com/", true],
    ["https://example.com/", false],
    ["https://v1.api.example.com/", false],
    ["https://api.example.com.evil.com/", false],
    ["https://evilapi.example.com/", false],
    ["https://mixed.case.org/", true],
    // Wildcards: the apex and any depth below it, nothing beside it.
    ["https://allowed.com/", true],
    ["https://a.allowed.com/", true],
    ["https://a.b.c.allowed.com/", true],
    ["https://ALLOWED.COM./", true],
    ["https://evilallowed.com/", false],
    ["https://allowed.com.evil.com/", false],
    ["https://allowed.co/", false],
    ["https://allowed.com@evil.com/", false],
    ["https://evil.com\\@allowed.com/", false],
    // IDN entries match their punycode and Unicode forms, homographs do not.
    ["https://shop.bücher.example/", true],
    ["https://shop.xn--bcher-kva.example/", true],
    ["https://shop.bucher.example/", false],
    ["https://\u0430pi.example.com/", false],
    // IPs: every notation of a listed address, nothing else.
    ["http://127.0.0.1/", true],
    ["http://0x7f.0.0.1/", true],
    ["http://0177.0.0.1/", true],
    ["http://127.1/", true],
    ["http://[::ffff:127.0.0.1]/", true],
    ["http://127.0.0.2/", false],
    ["http://0.0.0.0/", false],
    ["http://[::1]/", true],
    ["http://[0:0:0:0:0:0:0:1]/", true],
    ["http://[::2]/", false],
  ])("%s → %s", (url, expected) => {
    expect(allows(ENTRIES, url)).toBe(expected);
  });

  it("a name wildcard never matches an IP", () => {
    expect(allows(["*.com", "*.localhost"], "http://2130706433/")).toBe(false);
    expect(allows(["*.com"], "http://evil.com/")).toBe(true);
  });

  it("an empty allowlist allows nothing", () => {
    expect(allows([], "https://example.com/")).toBe(false);
    expect(allows([], "http://127.0.0.1/")).toBe(false);
  });

  it("keeps the entries as given, frozen", () => {
    const list = compileAllowlist(["A.com", "*.b.com"]);
    expect(list.entries).toEqual(["A.com", "*.b.com"]);
    expect(Object.isFrozen(list.entries)).toBe(true);
  });
});

describe("compileAllowlist: invalid entries", () => {
  it.each([
    ["https://api.example.com/", "not a URL"],
    ["api.example.com/path", "not a URL"],
    ["*.*.example.com", 'one "*" only'],
    ["api.*.example.com", 'one "*" only'],
    ["*", 'one "*" only'],
    ["*example.com", 'one "*" only'],
    [".example.com", "must not start with a dot"],
    ["*..example.com", "must not start with a dot"],
    ["*.", "not a valid host"],
    ["", "not a valid host"],
    ["user@example.com", "not a valid host"],
    ["exa mple.com", "not a valid host"],
    ["*.127.0.0.1", "wildcard with an IP"],
    ["*.2130706433", "wildcard with an IP"],
    ["*.0.0.1", "wildcard with an IP"],
  ])("%j is refused (%s)", (entry, why) => {
    let thrown: unknown;
    try {
      compileAllowlist(["ok.example.com", entry]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ToolbeltError);
    expect((thrown as ToolbeltError).code).toBe(ErrorCodes.Toolbelt.InvalidConfig);
    expect((thrown as ToolbeltError).message).toContain(JSON.stringify(entry));
    expect((thrown as ToolbeltError).message).toContain(why);
  });
});
