/** Environment variable names the toolbelt reads, in one place. */
export const ENV = {
  brandId: "BRAND_ID",
  lambdaUuid: "LAMBDA_UUID",
  csdsDomain: "CSDS_DOMAIN",
  platformUrl: "LP_FAAS_PLATFORM_URL",
  rateLimit: "LP_FAAS_RATE_LIMIT",
  /** "open": no platform allowlist (a V2 instance under `lp-faas dev --v2-allowlist off`); ignored once a worker locked its egress. */
  egress: "LP_FAAS_EGRESS",
  secretCacheMs: "LP_FAAS_SECRET_CACHE_MS",
  httpsProxy: "HTTPS_PROXY",
  httpProxy: "HTTP_PROXY",
  noProxy: "NO_PROXY",
} as const;

/** Read a variable in its upper- or lower-case spelling (proxies are commonly lower-case). */
export function readEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const spelling of [name, name.toLowerCase()]) {
    const value = env[spelling]?.trim();
    // An empty upper-case variable must not hide a lower-case one that has a value.
    if (value) return value;
  }
  return undefined;
}
