/**
 * Header handling of the request core: lookups in any letter case, the
 * platform headers added to every request, and response headers as Node
 * presents them (lower-case names, repeated values joined, `set-cookie` a list).
 */
import type { ResolvedConfig } from "../config/types";
import type { CoreHeaders } from "./core-types";

/** The first value of the header `name` (lower-case) in any letter case, or undefined. */
export function headerValue(headers: CoreHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Every value of every header called `name` (lower-case) in any letter case (`Host` and `host` may both be present). */
export function allHeaderValues(headers: CoreHeaders, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values;
}

/** `headers` plus `User-Agent: LP-Lambda-<uuid>` and `LP-URL: <brand>`, unless the caller set them. */
export function withPlatformHeaders(headers: CoreHeaders, config: Pick<ResolvedConfig, "lambdaUuid" | "brandId">): CoreHeaders {
  const out: CoreHeaders = { ...headers };
  if (config.lambdaUuid && headerValue(headers, "user-agent") === undefined) out["user-agent"] = `LP-Lambda-${config.lambdaUuid}`;
  if (config.brandId && headerValue(headers, "lp-url") === undefined) out["lp-url"] = config.brandId;
  return out;
}

export function normaliseResponseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === "set-cookie") out[key] = Array.isArray(value) ? value : [value];
    else out[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
