/** The policy step on its own: allowlist, Host headers, platform allowlist, rate limit, in that order. */
import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../config/types";
import { ErrorCodes } from "../errors/codes";
import { createAdmission, tooManyRequests, type AdmissionResult } from "./admission";
import { compileAllowlist } from "./allowlist";
import type { CoreHeaders, CoreRequest } from "./core-types";
import type { PlatformAllowlist } from "./platform-allowlist";
import { createEgressPolicy } from "./policy";
import { TokenBucket } from "./token-bucket";

function config(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    brandId: undefined,
    lambdaUuid: undefined,
    csdsBaseUrl: "http://127.0.0.1:7420",
    platformUrl: "http://127.0.0.1:7420",
    allowlist: ["allowed.test"],
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

const request = (url: string, headers: CoreHeaders = {}): CoreRequest => ({ url: new URL(url), method: "GET", headers });

/** Admits synchronously; fails the test if the admission needed a promise. */
function admitNow(admission: ReturnType<typeof createAdmission>, req: CoreRequest): AdmissionResult {
  const result = admission.admit(req);
  expect(result).not.toBeInstanceOf(Promise);
  return result as AdmissionResult;
}

describe("createAdmission", () => {
  const refused = expect.objectContaining({ code: ErrorCodes.Egress.HostRefused });

  it.each<[string, CoreRequest, boolean]>([
    ["an allowed host", request("https://allowed.test/x"), true],
    ["a host off the allowlist", request("https://elsewhere.test/x"), false],
    ["an allowed URL with a Host header naming a refused one", request("https://allowed.test/", { HOST: "elsewhere.test" }), false],
    ["two Host headers in different cases, one refused", request("https://allowed.test/", { host: "allowed.test", Host: ["elsewhere.test"] }), false],
    ["the platform itself (exempt by origin)", request("http://127.0.0.1:7420/_platform/health"), true],
  ])("%s → admitted: %s", (_name, req, admitted) => {
    const admission = createAdmission({ policy: createEgressPolicy(config()), bucket: null });
    if (admitted) expect(admitNow(admission, req)).toBeUndefined();
    else expect(() => admission.admit(req)).toThrow(refused);
  });

  it("takes a token per admitted request; none left → the local 429, nothing refused takes one", () => {
    let now = 0;
    const bucket = new TokenBucket(2, 2, () => now);
    const admission = createAdmission({ policy: createEgressPolicy(config()), bucket });
    expect(() => admission.admit(request("https://elsewhere.test/"))).toThrow(refused);
    expect(admitNow(admission, request("https://allowed.test/1"))).toBeUndefined();
    expect(admitNow(admission, request("https://allowed.test/2"))).toBeUndefined();
    expect(admitNow(admission, request("https://allowed.test/3"))).toEqual(tooManyRequests(new URL("https://allowed.test/3")));
    now += 500;
    expect(admitNow(admission, request("https://allowed.test/4"))).toBeUndefined();
  });

  it("the local 429 is the proxy's: status, text, Retry-After", () => {
    const answer = tooManyRequests(new URL("https://allowed.test/x"));
    expect(answer).toMatchObject({
      statusCode: 429,
      statusMessage: "Too Many Requests",
      headers: { "content-type": "text/plain; charset=utf-8", "content-length": "17", "retry-after": "1" },
    });
    expect(answer.body.toString()).toBe("Too Many Requests");
    expect(answer.url.href).toBe("https://allowed.test/x");
  });

  it("under a local platform, its allowlist counts too, read for every URL but the platform's own", async () => {
    let reads = 0;
    const platformAllowlist: PlatformAllowlist = { current: async () => (reads++, compileAllowlist(["platform-added.test"])) };
    const admission = createAdmission({ policy: createEgressPolicy(config({ allowlistSource: "platform" })), bucket: null, platformAllowlist });
    expect(await admission.admit(request("https://platform-added.test/"))).toBeUndefined();
    expect(await admission.admit(request("https://allowed.test/"))).toBeUndefined();
    await expect(admission.admit(request("https://elsewhere.test/"))).rejects.toThrow(refused);
    expect(reads).toBe(3);
    expect(admitNow(admission, request("http://127.0.0.1:7420/_platform/allowlist"))).toBeUndefined();
    expect(reads).toBe(3);
  });

  it("without an allowlist nothing is refused (plain Node use)", () => {
    const admission = createAdmission({ policy: createEgressPolicy(config({ allowlist: null, allowlistSource: "none" })), bucket: null });
    expect(admitNow(admission, request("https://anything.test/", { host: "other.test" }))).toBeUndefined();
  });
});
