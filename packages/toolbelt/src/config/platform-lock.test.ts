import { afterEach, describe, expect, it, vi } from "vitest";
import { lockToPlatform, unlockForTests } from "./platform-lock";
import { configure, getConfig, resetConfig } from "./resolve-config";

const PLATFORM = "http://127.0.0.1:7420";

afterEach(() => {
  unlockForTests();
  resetConfig();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("inside a platform worker (locked)", () => {
  it("keeps the platform's allowlist, limit, Domain API and URL, whatever configure() or a later process.env says", () => {
    vi.stubEnv("LP_FAAS_PLATFORM_URL", PLATFORM);
    lockToPlatform({ platformUrl: PLATFORM, csdsDomain: PLATFORM, rateLimitPerSecond: 20 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    configure({ allowlist: ["evil.test"], rateLimit: false, csdsDomain: "csds.evil.test", platformUrl: "http://evil.test", brandId: "42" });
    vi.stubEnv("LP_FAAS_PLATFORM_URL", "http://evil.test");
    vi.stubEnv("LP_FAAS_RATE_LIMIT", "0");
    vi.stubEnv("CSDS_DOMAIN", "csds.evil.test");
    const config = getConfig();
    expect(config).toMatchObject({ platformUrl: PLATFORM, csdsBaseUrl: PLATFORM, allowlistSource: "platform", rateLimitPerSecond: 20, brandId: "42" });
    expect(config.allowlist).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('"allowlist", "rateLimit", "csdsDomain", "platformUrl" ignored');
    expect(String(warn.mock.calls[0]?.[0])).toContain("lp-faas allowlist add <host>");
  });

  it("says nothing when configure() touches only what a function may set", () => {
    lockToPlatform({ platformUrl: PLATFORM, csdsDomain: PLATFORM, rateLimitPerSecond: 20 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    configure({ brandId: "42", secretCacheMs: 0 });
    expect(warn).not.toHaveBeenCalled();
    expect(getConfig()).toMatchObject({ brandId: "42", secretCacheMs: 0 });
  });
});

describe("outside a platform worker", () => {
  it("configure() sets every key, as documented", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    configure({ allowlist: ["a.test"], rateLimit: false, csdsDomain: "csds.test", platformUrl: PLATFORM });
    expect(getConfig()).toMatchObject({ allowlist: ["a.test"], allowlistSource: "configure", rateLimitPerSecond: 0, csdsBaseUrl: "https://csds.test" });
    expect(warn).not.toHaveBeenCalled();
  });
});
