import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { configure, csdsBaseUrl, getConfig, resetConfig, resolveConfig, validateSettings } from "./resolve-config";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  resetConfig();
});

function writeSettings(content: string, where = dir): string {
  mkdirSync(join(where, "functions"), { recursive: true });
  const path = join(where, "functions", "settings.json");
  writeFileSync(path, content);
  return path;
}

function thrown(fn: () => unknown): ToolbeltError {
  try {
    fn();
  } catch (error) {
    return error as ToolbeltError;
  }
  throw new Error("expected a throw");
}

describe("resolveConfig", () => {
  it("reads the platform's environment variables", () => {
    const config = resolveConfig({
      settings: {},
      env: { BRAND_ID: "le123", LAMBDA_UUID: "uuid-1", CSDS_DOMAIN: "csds.example.net", LP_FAAS_PLATFORM_URL: "http://127.0.0.1:7420/" },
      cwd: dir,
    });
    expect(config).toMatchObject({
      brandId: "le123",
      lambdaUuid: "uuid-1",
      csdsBaseUrl: "https://csds.example.net",
      platformUrl: "http://127.0.0.1:7420",
      // Under a platform, the platform owns the allowlist: the policy is on and reads it at request time.
      allowlist: [],
      allowlistSource: "platform",
      rateLimitPerSecond: 20,
      secretCacheMs: 300_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("LP_FAAS_EGRESS=open drops the platform allowlist, except in a worker that locked its egress", () => {
    const env = { LP_FAAS_PLATFORM_URL: "http://127.0.0.1:7420", LP_FAAS_EGRESS: "open" };
    expect(resolveConfig({ settings: {}, env, cwd: dir })).toMatchObject({ allowlist: null, allowlistSource: "none", rateLimitPerSecond: 0 });
    expect(resolveConfig({ settings: {}, env, cwd: dir, locked: true })).toMatchObject({ allowlist: [], allowlistSource: "platform" });
    expect(resolveConfig({ settings: {}, env: { ...env, LP_FAAS_EGRESS: "closed" }, cwd: dir }).allowlistSource).toBe("platform");
  });

  it("defaults the Domain API to api.liveperson.net and takes a scheme as given", () => {
    expect(resolveConfig({ settings: {}, env: {}, cwd: dir }).csdsBaseUrl).toBe("https://api.liveperson.net");
    expect(csdsBaseUrl("http://127.0.0.1:7420/")).toBe("http://127.0.0.1:7420");
    expect(csdsBaseUrl("HTTPS://Example.com")).toBe("HTTPS://Example.com");
    expect(thrown(() => csdsBaseUrl("host/path")).code).toBe(ErrorCodes.Toolbelt.InvalidConfig);
  });

  it("lets configure() override the environment", () => {
    const config = resolveConfig({ settings: { brandId: "from-configure", rateLimit: 5 }, env: { BRAND_ID: "from-env" }, cwd: dir });
    expect(config.brandId).toBe("from-configure");
    expect(config.rateLimitPerSecond).toBe(5);
  });

  it("takes the allowlist and secrets from functions/settings.json found upward, and turns the rate limit on", () => {
    const path = writeSettings(JSON.stringify({ whitelist: ["api.example.com"], secrets: [{ key: "k", value: { a: 1 } }] }));
    const nested = join(dir, "functions", "deep", "er");
    mkdirSync(nested, { recursive: true });
    const config = resolveConfig({ settings: {}, env: {}, cwd: nested });
    expect(config.settingsFile).toBe(path);
    expect(config.allowlist).toEqual(["api.example.com"]);
    expect(config.allowlistSource).toBe("settings-file");
    expect(config.secrets).toEqual({ k: { a: 1 } });
    expect(config.rateLimitPerSecond).toBe(20);
  });

  it("prefers configure({ allowlist }) over settings.json, and LP_FAAS_RATE_LIMIT=0 turns the limit off", () => {
    writeSettings(JSON.stringify({ whitelist: ["file.example.com"] }));
    const config = resolveConfig({ settings: { allowlist: ["code.example.com"] }, env: { LP_FAAS_RATE_LIMIT: "0" }, cwd: dir });
    expect(config.allowlist).toEqual(["code.example.com"]);
    expect(config.allowlistSource).toBe("configure");
    expect(config.rateLimitPerSecond).toBe(0);
  });

  it("names the line of a malformed settings.json", () => {
    writeSettings('{\n  "whitelist": [\n    "a.com",\n  ]\n}');
    const error = thrown(() => resolveConfig({ settings: {}, env: {}, cwd: dir }));
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error.code).toBe(ErrorCodes.Toolbelt.InvalidConfig);
    expect(error.message).toMatch(/settings\.json.*line 4/);
  });

  it("refuses a whitelist that is not an array of strings", () => {
    writeSettings(JSON.stringify({ whitelist: "a.com" }));
    expect(thrown(() => resolveConfig({ settings: {}, env: {}, cwd: dir })).message).toMatch(/"whitelist" must be an array/);
  });

  it("names a bad environment variable", () => {
    const error = thrown(() => resolveConfig({ settings: {}, env: { LP_FAAS_SECRET_CACHE_MS: "soon" }, cwd: dir }));
    expect(error.message).toContain("LP_FAAS_SECRET_CACHE_MS");
  });

  it("reads proxies in either case", () => {
    const config = resolveConfig({ settings: {}, env: { https_proxy: "http://127.0.0.1:3128", NO_PROXY: "internal" }, cwd: dir });
    expect(config.proxy).toEqual({ http: undefined, https: "http://127.0.0.1:3128", noProxy: "internal" });
  });
});

describe("validateSettings", () => {
  it.each([
    [null, /expects an object/],
    [{ brandId: 42 }, /"brandId" must be a non-empty string/],
    [{ allowlist: "a.com" }, /"allowlist" must be an array/],
    [{ rateLimit: -1 }, /"rateLimit"/],
    [{ secretCacheMs: 1.5 }, /"secretCacheMs"/],
    [{ secrets: [] }, /"secrets" must be an object/],
    [{ brandID: "x" }, /unknown setting "brandID"/],
  ])("refuses %j", (settings, message) => {
    const error = thrown(() => validateSettings(settings));
    expect(error.code).toBe(ErrorCodes.Toolbelt.InvalidConfig);
    expect(error.message).toMatch(message);
  });
});

describe("getConfig / configure", () => {
  it("caches the resolved configuration until configure() changes it", () => {
    const first = getConfig();
    expect(getConfig()).toBe(first);
    configure({ brandId: "acc-1" });
    const second = getConfig();
    expect(second).not.toBe(first);
    expect(second.brandId).toBe("acc-1");
    configure({ lambdaUuid: "u" });
    expect(getConfig()).toMatchObject({ brandId: "acc-1", lambdaUuid: "u" });
  });
});
