import { describe, expect, it } from "vitest";
import { buildWorkerEnv, specFingerprint } from "./worker-env";
import type { FunctionSpec } from "./types";

const base = { BRAND_ID: "12345678", CSDS_DOMAIN: "http://127.0.0.1:7420", LP_FAAS_PLATFORM_URL: "http://127.0.0.1:7420", LP_FAAS_RATE_LIMIT: "20" };
const spec = (generation: 1 | 2 | undefined, env: Record<string, string> = {}): FunctionSpec => ({
  name: "fn",
  uuid: "uuid-1",
  dir: "/p/functions/fn",
  entry: "/p/functions/fn/index.js",
  env,
  ...(generation !== undefined && { generation }),
});

describe("a worker's environment", () => {
  it("gives a V1 function BRAND_ID and LAMBDA_UUID, and no V2 names", () => {
    const env = buildWorkerEnv(spec(undefined, { OWN: "1" }), base, { PATH: "/bin", SECRET_OF_PARENT: "x" });
    expect(env).toEqual({ PATH: "/bin", ...base, LAMBDA_UUID: "uuid-1", OWN: "1" });
  });

  it("gives a V2 function X_LIVEPERSON_BRAND_ID, X_LIVEPERSON_FUNCTION_UUID and X_LIVEPERSON_CSDS_DOMAIN instead of V1's names", () => {
    const env = buildWorkerEnv(spec(2, { OWN: "1" }), base, { PATH: "/bin" });
    expect(env).toEqual({
      PATH: "/bin",
      CSDS_DOMAIN: base.CSDS_DOMAIN,
      LP_FAAS_PLATFORM_URL: base.LP_FAAS_PLATFORM_URL,
      LP_FAAS_RATE_LIMIT: "20",
      OWN: "1",
      X_LIVEPERSON_BRAND_ID: "12345678",
      X_LIVEPERSON_FUNCTION_UUID: "uuid-1",
      X_LIVEPERSON_CSDS_DOMAIN: "http://127.0.0.1:7420",
    });
  });

  it("lets no V2 function's own variables replace what the platform sets", () => {
    const env = buildWorkerEnv(
      spec(2, { X_LIVEPERSON_BRAND_ID: "other", X_LIVEPERSON_CSDS_DOMAIN: "api.liveperson.net", LP_FAAS_PLATFORM_URL: "http://evil", BRAND_ID: "mine" }),
      base,
      {},
    );
    expect(env).toMatchObject({
      X_LIVEPERSON_BRAND_ID: "12345678",
      X_LIVEPERSON_CSDS_DOMAIN: base.CSDS_DOMAIN,
      LP_FAAS_PLATFORM_URL: base.LP_FAAS_PLATFORM_URL,
    });
    expect(env.BRAND_ID).toBe("mine"); // not a V2 platform name: the function's own variable
  });

  it("counts the generation in a function's launch fingerprint", () => {
    expect(specFingerprint(spec(2))).not.toBe(specFingerprint(spec(1)));
    expect(specFingerprint(spec(undefined))).toBe(specFingerprint(spec(1)));
  });
});
