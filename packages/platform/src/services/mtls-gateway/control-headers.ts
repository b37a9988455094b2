/**
 * The LP MTLS gateway's control headers, and which of the caller's headers go
 * on to the target. The caller (V2's LPMtlsClient) sends:
 *
 *     LP-forward-url: <https URL of the target>
 *     LP-stop-if-certificate-not-found: true      optional; without it a host without certificate is called without one
 *     LP-service-name: FAAS                       informational
 *     LP-authorization-override: <value>          optional; sent to the target as its Authorization
 *     Authorization: Bearer <Sentinel token>      the gateway's own auth, never forwarded
 *
 * Forwarded: every other header, minus hop-by-hop ones (RFC 9110 §7.6.1, and
 * any the caller's Connection header names), Host and Content-Length (set for
 * the target by the HTTP client).
 */
import type { IncomingHttpHeaders } from "node:http";
import { PlatformError, PlatformErrorCodes } from "../../errors";

export const FORWARD_URL_HEADER = "lp-forward-url";
export const STOP_IF_NO_CERTIFICATE_HEADER = "lp-stop-if-certificate-not-found";
export const SERVICE_NAME_HEADER = "lp-service-name";
export const AUTHORIZATION_OVERRIDE_HEADER = "lp-authorization-override";
/** On an answer: the gateway could not reach the target; the value says why. */
export const TRANSPORT_MESSAGE_HEADER = "lp-message-from-transport";

const CONTROL_HEADERS = new Set([FORWARD_URL_HEADER, STOP_IF_NO_CERTIFICATE_HEADER, SERVICE_NAME_HEADER, AUTHORIZATION_OVERRIDE_HEADER]);

/** Never forwarded in either direction. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Set for the target by the HTTP client, or the gateway's own. */
const NOT_FORWARDED = new Set(["host", "content-length", "authorization", "expect"]);

export interface ControlHeaders {
  readonly target: URL;
  readonly stopIfNoCertificate: boolean;
  /** The target's `Authorization`, when the caller sent one to pass on. */
  readonly authorizationOverride: string | undefined;
}

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

const badForwardUrl = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.MtlsBadForwardUrl, message);

/** The target URL of `LP-forward-url`: an absolute `https:` URL with a host and no user information. */
export function parseForwardUrl(value: string | string[] | undefined): URL {
  if (Array.isArray(value) && value.length > 1) throw badForwardUrl("Send LP-forward-url once: the request names more than one target");
  const raw = one(value)?.trim();
  if (!raw) throw badForwardUrl("The request lacks LP-forward-url: send LP-forward-url: https://<host>/<path> with the URL to call");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badForwardUrl(`LP-forward-url ${JSON.stringify(raw.slice(0, 200))} is not an absolute URL; send https://<host>/<path>`);
  }
  if (url.protocol !== "https:") {
    throw badForwardUrl(`LP-forward-url must be an https URL (mTLS runs over TLS), not ${url.protocol}; send https://${url.host}${url.pathname}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw badForwardUrl("LP-forward-url must not carry user information (user:password@); send credentials with LP-authorization-override");
  }
  return url;
}

export function readControlHeaders(headers: IncomingHttpHeaders): ControlHeaders {
  return {
    target: parseForwardUrl(headers[FORWARD_URL_HEADER]),
    stopIfNoCertificate: one(headers[STOP_IF_NO_CERTIFICATE_HEADER])?.trim().toLowerCase() === "true",
    authorizationOverride: one(headers[AUTHORIZATION_OVERRIDE_HEADER]),
  };
}

/** Names the caller's `Connection` header lists: hop-by-hop for this request too. */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return new Set(
    text
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The headers the target receives: the caller's minus control, hop-by-hop and the gateway's own, plus the override. */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders, control: ControlHeaders): Record<string, string | string[]> {
  const listed = connectionListed(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || CONTROL_HEADERS.has(name) || HOP_BY_HOP_HEADERS.has(name) || NOT_FORWARDED.has(name) || listed.has(name)) continue;
    out[name] = value;
  }
  if (control.authorizationOverride !== undefined) out.authorization = control.authorizationOverride;
  return out;
}

/** The target's answer headers the caller receives: minus hop-by-hop ones and the length (recomputed). */
export function forwardedResponseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const listed = connectionListed(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP_HEADERS.has(lower) || lower === "content-length" || listed.has(lower)) continue;
    out[lower] = value;
  }
  return out;
}
