/**
 * RFC 5849's building blocks, hand-written on node:crypto and independent of the
 * `oauth-1.0a` package the toolbelt signs with, so each side checks the other:
 * percent-encoding, the Authorization header and query parameters, the
 * normalised base URL, the signature base string, HMAC-SHA1, and a
 * constant-time comparison.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { OAuthError } from "./oauth1-error";

/** RFC 5849 §3.6: everything but ALPHA / DIGIT / "-" / "." / "_" / "~" as %XX (upper-case hex) of its UTF-8 bytes. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function percentDecode(value: string, plusIsSpace: boolean): string {
  const text = plusIsSpace ? value.replace(/\+/g, " ") : value;
  return decodeURIComponent(text);
}

/**
 * The parameters of an `Authorization: OAuth ...` header, percent-decoded,
 * `realm` left out. Throws OAuthError parameter_rejected when the header is
 * missing, of another scheme, or not a comma-separated list of `name="value"`
 * with each name once.
 */
export function parseAuthorizationHeader(header: string | undefined): Map<string, string> {
  if (header === undefined || header.trim() === "") {
    throw new OAuthError(
      "parameter_rejected",
      'The request has no Authorization header; sign it with OAuth 1.0a (Authorization: OAuth oauth_consumer_key="...", ...)',
    );
  }
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(header);
  if (!scheme)
    throw new OAuthError("parameter_rejected", 'The Authorization header is not of the OAuth scheme (expected: OAuth oauth_consumer_key="...", ...)');
  const params = new Map<string, string>();
  const item = /\s*([^\s=,"]+)\s*=\s*(?:"([^"]*)"|([^\s,"]*))\s*(,|$)/y;
  let at = scheme[0].length;
  const rest = header.length;
  while (at < rest) {
    if (/^\s*$/.test(header.slice(at))) break;
    item.lastIndex = at;
    const found = item.exec(header);
    if (!found)
      throw new OAuthError(
        "parameter_rejected",
        `The Authorization header is garbled at character ${at + 1}: parameters must be written name="value", separated by commas`,
      );
    let name: string;
    let value: string;
    try {
      name = percentDecode(found[1]!, false);
      value = percentDecode(found[2] ?? found[3] ?? "", false);
    } catch {
      throw new OAuthError("parameter_rejected", `The Authorization header's parameter ${found[1]} is not valid percent-encoding`);
    }
    if (params.has(name)) throw new OAuthError("parameter_rejected", `The Authorization header holds ${name} twice`);
    params.set(name, value);
    at = item.lastIndex;
    if (found[4] === "" && at < rest) throw new OAuthError("parameter_rejected", `The Authorization header is garbled at character ${at + 1}`);
  }
  params.delete("realm");
  return params;
}

/** A malformed escape ("%zz") is taken as written, as signers do, rather than refusing the request. */
function lenientDecode(value: string, plusIsSpace: boolean): string {
  try {
    return percentDecode(value, plusIsSpace);
  } catch {
    return plusIsSpace ? value.replace(/\+/g, " ") : value;
  }
}

/** The query string's parameters, decoded as application/x-www-form-urlencoded (or with "+" kept, for the compatibility retry). */
export function parseQueryParameters(query: string, plusIsSpace = true): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (query === "") return out;
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    out.push([lenientDecode(rawName, plusIsSpace), lenientDecode(rawValue, plusIsSpace)]);
  }
  return out;
}

/** RFC 5849 §3.4.1.2: scheme and host lower-cased, the scheme's default port dropped, the path as sent. */
export function normaliseBaseUrl(scheme: string, host: string, path: string): string {
  const lowerScheme = scheme.toLowerCase();
  let lowerHost = host.trim().toLowerCase();
  const defaultPort = lowerScheme === "https" ? "443" : lowerScheme === "http" ? "80" : undefined;
  const port = /:(\d+)$/.exec(lowerHost);
  if (port && defaultPort !== undefined && port[1] === defaultPort) lowerHost = lowerHost.slice(0, -port[0].length);
  return `${lowerScheme}://${lowerHost}${path === "" ? "/" : path}`;
}

/** RFC 5849 §3.4.1.3.2 + §3.4.1.1: parameters encoded, sorted by name then value, joined; then METHOD&url&params. */
export function signatureBaseString(method: string, baseUrl: string, params: ReadonlyArray<readonly [string, string]>): string {
  const encoded = params.map(([name, value]) => [percentEncode(name), percentEncode(value)] as const);
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const normalised = encoded.map(([name, value]) => `${name}=${value}`).join("&");
  return `${method.toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(normalised)}`;
}

/** RFC 5849 §3.4.2: base64 HMAC-SHA1 keyed by enc(consumerSecret)&enc(tokenSecret). */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac("sha1", `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`)
    .update(baseString)
    .digest("base64");
}

/** Constant-time comparison of two signatures (different lengths compare a dummy so timing does not tell). */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
