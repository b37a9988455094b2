/**
 * Keeps secrets out of errors and logs: headers that carry credentials, the
 * `auth` option and URL userinfo are masked before anything is attached to an
 * error or printed.
 */
const MASK = "[REDACTED]";
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-auth-token", "x-auth-key", "maven-api-key"]);

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase());
}

/** A copy of a header map with credential-bearing values masked. */
export function redactHeaders(headers: unknown): Record<string, unknown> | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    out[name] = isSecretHeader(name) ? MASK : value;
  }
  return out;
}

/** A URL string without its password (and without a username that may itself be a token). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = parsed.username ? MASK : "";
    parsed.password = parsed.password ? MASK : "";
    return parsed.toString();
  } catch {
    // Not absolute: strip anything that looks like userinfo before an "@".
    return url.replace(/\/\/[^/@]*@/, `//${MASK}@`);
  }
}

/**
 * A shallow, display-safe copy of request options: what an error's `options`
 * property shows (request-promise attached the caller's raw options).
 */
export function redactOptions<T extends object>(options: T): T {
  const copy: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  if (copy.headers) copy.headers = redactHeaders(copy.headers);
  for (const key of ["uri", "url", "baseUrl"]) {
    const value = copy[key];
    if (typeof value === "string") copy[key] = redactUrl(value);
    else if (value instanceof URL) copy[key] = new URL(redactUrl(value.href));
  }
  if (copy.auth && typeof copy.auth === "object") {
    const auth = { ...(copy.auth as Record<string, unknown>) };
    for (const key of ["pass", "password", "bearer"]) if (key in auth) auth[key] = MASK;
    copy.auth = auth;
  }
  // A proxy URL may carry its own userinfo.
  if (typeof copy.proxy === "string") copy.proxy = redactUrl(copy.proxy);
  else if (copy.proxy instanceof URL) copy.proxy = new URL(redactUrl(copy.proxy.href));
  // TLS material, also inside request's agentOptions (rejected as unsupported, but still shown on the error).
  if (copy.agentOptions && typeof copy.agentOptions === "object") {
    const agentOptions = { ...(copy.agentOptions as Record<string, unknown>) };
    for (const key of TLS_SECRETS) if (key in agentOptions) agentOptions[key] = MASK;
    copy.agentOptions = agentOptions;
  }
  for (const key of [...TLS_SECRETS, ...SIGNING_OPTIONS]) if (key in copy) copy[key] = MASK;
  return copy as T;
}

const TLS_SECRETS = ["key", "passphrase", "pfx", "cert"];
/** request's signing options (all unsupported here), each made of credentials. */
const SIGNING_OPTIONS = ["oauth", "aws", "hawk", "httpSignature"];
