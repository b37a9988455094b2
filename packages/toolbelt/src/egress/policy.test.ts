import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../config/types";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { DEFAULT_ALLOWED_DOMAINS } from "./default-domains";
import { createEgressPolicy } from "./policy";

function config(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    brandId: undefined,
    lambdaUuid: undefined,
    csdsBaseUrl: "https://api.liveperson.net",
    platformUrl: undefined,
    allowlist: ["allowed.test", "*.wild.test", "10.1.2.3"],
    allowlistSource: "configure",
    rateLimitPerSecond: 20,
    secrets: undefined,
    secretsSource: "none",
    secretCacheMs: 300_000,
    proxy: { http: undefined, https: undefined, noProxy: undefined },
    settingsFile: undefined,
    ...overrides,
  };
}

/** The refusal, or undefined when the request may go. */
function outcome(cfg: ResolvedConfig, url: string, hostHeaders?: string | string[]): ToolbeltError | undefined {
  try {
    createEgressPolicy(cfg).check(new URL(url), hostHeaders);
    return undefined;
  } catch (error) {
    if (!(error instanceof ToolbeltError)) throw error;
    return error;
  }
}

describe("egress policy: URL", () => {
  it.each([
    "https://allowed.test/",
    "https://ALLOWED.TEST./x",
    "https://%61llowed.test/",
    "https://ａｌｌｏｗｅｄ.test/",
    "https://user:pw@allowed.test/",
    "https://wild.test/",
    "https://a.b.wild.test:8443/",
    "http://10.1.2.3/",
    "http://167838211/",
    "http://0xa.1.2.3/",
    "http://012.1.2.3/",
    "http://10.1.515/",
    "http://[::ffff:10.1.2.3]/",
    "http://[::ffff:a01:203]/",
    // LivePerson's default domains are always there.
    "https://api.liveperson.net/",
    "https://va.ac.liveperson.net/",
    "https://z1.faasgw.liveperson.net/",
  ])("allows %s", (url) => {
    expect(outcome(config(), url)).toBeUndefined();
  });

  it.each([
    ["https://allowed.test@evil.test/", "evil.test"],
    ["https://allowed.test:x@evil.test/", "evil.test"],
    ["https://evil.test\\@allowed.test/", "evil.test"],
    ["https://evilallowed.test/", "evilallowed.test"],
    ["https://allowed.test.evil.test/", "allowed.test.evil.test"],
    ["https://wild.test.evil.test/", "wild.test.evil.test"],
    ["https://evilwild.test/", "evilwild.test"],
    ["https://xn--llowed-2nf.test/", "xn--llowed-2nf.test"],
    ["https://\u0430llowed.test/", "xn--llowed-2nf.test"],
    ["http://127.0.0.1/", "127.0.0.1"],
    ["http://2130706433/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://0x7f.0.0.1/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://[::ffff:127.0.0.1]/", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://10.1.2.4/", "10.1.2.4"],
    ["http://[::1]/", "0000:0000:0000:0000:0000:0000:0000:0001"],
    ["https://liveperson.net/", "liveperson.net"],
    ["https://evil.liveperson.net/", "evil.liveperson.net"],
  ])("refuses %s as %s", (url, host) => {
    const refused = outcome(config(), url);
    expect(refused?.code).toBe(ErrorCodes.Egress.HostRefused);
    expect(refused?.component).toBe("Egress");
    expect(refused?.message).toMatch(/^Socket is closed/);
    expect(refused?.message).toContain(`"${host}"`);
  });

  it.each(["ftp://allowed.test/", "file:///etc/passwd", "ws://allowed.test/"])("refuses the scheme of %s even with no allowlist", (url) => {
    for (const cfg of [config(), config({ allowlist: null })]) {
      expect(outcome(cfg, url)?.code).toBe(ErrorCodes.Egress.InvalidUrl);
    }
  });

  it("allows everything when no allowlist is configured", () => {
    const open = config({ allowlist: null, allowlistSource: "none" });
    for (const url of ["http://127.0.0.1/", "http://2130706433/", "https://evil.test/", "http://[::1]/"]) {
      expect(outcome(open, url)).toBeUndefined();
    }
    expect(outcome(open, "https://allowed.test/", "evil.test")).toBeUndefined();
    expect(createEgressPolicy(open).allowlist).toBeNull();
  });

  it("an empty allowlist still allows LivePerson's defaults and nothing else", () => {
    const empty = config({ allowlist: [] });
    expect(outcome(empty, "https://api.liveperson.net/")).toBeUndefined();
    expect(outcome(empty, "https://allowed.test/")?.code).toBe(ErrorCodes.Egress.HostRefused);
    expect(createEgressPolicy(empty).allowlist?.entries).toEqual(DEFAULT_ALLOWED_DOMAINS);
  });
});

describe("egress policy: configured origins", () => {
  const cfg = config({ platformUrl: "http://127.0.0.1:7420", csdsBaseUrl: "http://localhost:9001" });

  it.each(["http://127.0.0.1:7420/_platform/secrets/x", "http://2130706433:7420/", "http://[::ffff:127.0.0.1]:7420/", "http://LOCALHOST.:9001/api"])(
    "allows the exact origin %s",
    (url) => {
      expect(outcome(cfg, url)).toBeUndefined();
    },
  );

  it.each(["http://127.0.0.1:7421/", "https://127.0.0.1:7420/", "http://127.0.0.1/", "http://localhost:9002/", "http://localhost:7420/"])(
    "does not open the rest of that host: %s",
    (url) => {
      expect(outcome(cfg, url)?.code).toBe(ErrorCodes.Egress.HostRefused);
    },
  );

  it("accepts a Host header naming the configured host, refuses another", () => {
    expect(outcome(cfg, "http://127.0.0.1:7420/", "127.0.0.1:7420")).toBeUndefined();
    expect(outcome(cfg, "http://127.0.0.1:7420/", "evil.test")?.code).toBe(ErrorCodes.Egress.HostRefused);
  });
});

describe("egress policy: Host header", () => {
  it.each([
    ["allowed.test", undefined],
    ["ALLOWED.test.:443", undefined],
    ["x.wild.test", undefined],
    ["0xa.1.2.3", undefined],
    [["allowed.test", "x.wild.test"], undefined],
    ["evil.test", "evil.test"],
    ["127.0.0.1", "127.0.0.1"],
    ["2130706433:80", "127.0.0.1"],
    ["[::ffff:127.0.0.1]", "127.0.0.1"],
    ["allowed.test@evil.test", "allowed.test@evil.test"],
    ["allowed.test evil.test", "allowed.test evil.test"],
    ["", ""],
    [["allowed.test", "evil.test"], "evil.test"],
    [["evil.test", "allowed.test"], "evil.test"],
  ])("on an allowed URL, Host %j → refused as %j", (header, refusedAs) => {
    const refused = outcome(config(), "https://allowed.test/", header);
    if (refusedAs === undefined) {
      expect(refused).toBeUndefined();
    } else {
      expect(refused?.code).toBe(ErrorCodes.Egress.HostRefused);
      expect(refused?.message).toContain(`"${refusedAs}"`);
    }
  });

  it("an allowed Host header never makes a refused URL allowed", () => {
    const refused = outcome(config(), "http://127.0.0.1/", "allowed.test");
    expect(refused?.code).toBe(ErrorCodes.Egress.HostRefused);
    expect(refused?.message).toContain('"127.0.0.1"');
  });
});

describe("egress policy: proxies", () => {
  it("proxy settings never widen the allowlist", () => {
    const proxied = config({ proxy: { http: "http://127.0.0.1:3128", https: "http://127.0.0.1:3128", noProxy: "*" } });
    expect(outcome(proxied, "https://evil.test/")?.code).toBe(ErrorCodes.Egress.HostRefused);
    // The proxy itself is infrastructure, not a target: its host stays refused as a destination.
    expect(outcome(proxied, "http://127.0.0.1:3128/")?.code).toBe(ErrorCodes.Egress.HostRefused);
    expect(outcome(proxied, "https://allowed.test/")).toBeUndefined();
  });
});

describe("egress policy: the refusal says how to allow the host, to whoever owns the list", () => {
  it.each([
    ["platform", /lp-faas allowlist add api\.other\.test.*"whitelist" in functions\/settings\.json/],
    ["settings-file", /"whitelist" in functions\/settings\.json/],
    ["configure", /Toolbelt\.configure\(\{ allowlist \}\)/],
  ] as const)("%s", (source, advice) => {
    const refused = outcome(config({ allowlistSource: source }), "https://api.other.test/");
    expect(refused?.message).toMatch(advice);
    if (source !== "configure") expect(refused?.message).not.toContain("Toolbelt.configure");
  });
});
