/**
 * The V2 runtime's environment (spec v2 §2): `X_LIVEPERSON_BRAND_ID` (the
 * account, no fallback), `X_LIVEPERSON_CSDS_DOMAIN` (the Domain API host,
 * default `api.liveperson.net`), `X_LIVEPERSON_FUNCTION_UUID` (not used by the
 * toolbelt).
 *
 * Locally the Domain API is the lp-faas platform on plain http. Two spellings
 * reach it: a URL with a scheme (`X_LIVEPERSON_CSDS_DOMAIN=http://127.0.0.1:7420`,
 * used as given, as V1's `CSDS_DOMAIN`), or the bare host of the platform's own
 * URL (`X_LIVEPERSON_CSDS_DOMAIN=127.0.0.1:7420` with
 * `LP_FAAS_PLATFORM_URL=http://127.0.0.1:7420`), which takes that URL's scheme.
 * Any other bare loopback host (`127.0.0.1`, `localhost`, `[::1]`) is `http://`,
 * every other bare host `https://`.
 */
import { csdsBaseUrl as baseUrlOfDomain, DEFAULT_CSDS_DOMAIN, getConfig } from "../../config/resolve-config";
import { ErrorCodes } from "../errors/codes";
import { ToolBeltError } from "../errors/toolbelt-error";

export const V2_ENV = {
  brandId: "X_LIVEPERSON_BRAND_ID",
  functionUuid: "X_LIVEPERSON_FUNCTION_UUID",
  csdsDomain: "X_LIVEPERSON_CSDS_DOMAIN",
} as const;

function read(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The account id (`X_LIVEPERSON_BRAND_ID`), read when a client is built.
 * @throws ToolBeltError `com.liveperson.faas.toolbelt.invalid-config` (component `component`) when it is unset.
 */
export function brandId(component: string): string {
  const id = read(V2_ENV.brandId);
  if (!id) {
    throw new ToolBeltError(
      component,
      ErrorCodes.Toolbelt.InvalidConfig,
      `No LivePerson account id: set the environment variable ${V2_ENV.brandId} to the account (brand) id, e.g. ${V2_ENV.brandId}=12345678.`,
    );
  }
  return id;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The local platform's URL, if this process runs under one (never throws). */
function platformUrl(): URL | undefined {
  try {
    const url = getConfig().platformUrl;
    return url ? new URL(url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Domain API's base URL (scheme, host, port; no trailing slash).
 * @throws ToolBeltError `com.liveperson.faas.toolbelt.invalid-config` when `X_LIVEPERSON_CSDS_DOMAIN` is neither a host nor an http(s) URL.
 */
export function csdsBaseUrl(): string {
  const domain = read(V2_ENV.csdsDomain) ?? DEFAULT_CSDS_DOMAIN;
  let base: string;
  try {
    base = baseUrlOfDomain(domain);
  } catch {
    throw new ToolBeltError(
      "CSDS-Client",
      ErrorCodes.Toolbelt.InvalidConfig,
      `${V2_ENV.csdsDomain}=${JSON.stringify(domain)} must be a host name (api.liveperson.net) or an http(s):// URL`,
    );
  }
  if (/^https?:\/\//i.test(domain)) return base;
  const host = new URL(base);
  const platform = platformUrl();
  if (platform && platform.host === host.host) return `${platform.protocol}//${platform.host}`;
  // Nothing leaves the machine on loopback: a local Domain API without TLS is what answers there.
  if (LOOPBACK.has(host.hostname)) return `http://${host.host}`;
  return base;
}
