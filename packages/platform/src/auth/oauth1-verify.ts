/**
 * OAuth 1.0a request verification (RFC 5849, HMAC-SHA1 only) for the
 * LivePerson APIs the platform emulates, which V1's LpClient signs with an
 * app key's consumer key/secret and token/secret.
 * Hand-written on node:crypto, independent of the `oauth-1.0a` package the
 * toolbelt signs with, so each side checks the other.
 *
 * What is verified, in this order (the first failure wins):
 *   1. `Authorization: OAuth k="v", ...` is present and well-formed (names
 *      and values percent-decoded; `realm` is ignored)      → parameter_rejected
 *   2. oauth_consumer_key, oauth_token, oauth_signature_method,
 *      oauth_timestamp, oauth_nonce, oauth_signature are all there
 *                                                            → parameter_absent
 *   3. oauth_signature_method is "HMAC-SHA1"                 → signature_method_rejected
 *      oauth_version, when present, is "1.0"                 → version_rejected
 *      oauth_timestamp is a whole number of seconds           → parameter_rejected
 *      oauth_nonce is at most 64 characters                   → parameter_rejected
 *      no oauth_* parameter is given in the query as well     → parameter_rejected
 *   4. an API key with that consumer key exists               → consumer_key_unknown
 *      ... and with that token                                → token_rejected
 *   5. the timestamp is within ±300 s of the (injectable) clock → timestamp_refused
 *   6. the signature matches                                   → signature_invalid
 *   7. the nonce was not used by that key + token while its
 *      timestamp could still be accepted                       → nonce_used
 *
 * Signature base string (RFC 5849 §3.4.1): METHOD & enc(base URL) & enc(params),
 * where the base URL is `http://` + the Host header as the client addressed
 * the platform (lower-cased, port 80 dropped) + the request path as sent, and
 * the parameters are the query parameters plus the Authorization header's
 * parameters (without realm and oauth_signature). The body is never part of
 * it: RFC 5849 and the toolbelt's signer leave JSON bodies out, and the
 * parameters of a form-encoded body, which they would sign, are not read
 * because the emulated endpoints take JSON only.
 *
 * One tolerance: RFC 5849 decodes "+" in the query as a space; the
 * `oauth-1.0a` package keeps it as a literal "+". When the query holds a "+",
 * a signature computed either way is accepted (both need the secrets).
 *
 * API keys are the project's secrets (functions/settings.json) whose value is
 * an object, or a JSON string of one, with string `consumerKey`,
 * `consumerSecret`, `token` and `tokenSecret` (the LpClient app-key shape).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { NonceCache } from "./nonce-cache";

/**
 * The longest oauth_nonce accepted (RFC 5849 sets none; signers send 32 or so):
 * nonces are remembered, so their size is bounded.
 */
export const MAX_OAUTH_NONCE_LENGTH = 64;

/** How far a request's oauth_timestamp may be from the platform's clock, in seconds. */
export const OAUTH_TIMESTAMP_WINDOW_S = 300;

/** Problem names of the OAuth Problem Reporting extension, carried in the 401 body and WWW-Authenticate. */
export type OAuthProblem =
  | "parameter_absent"
  | "parameter_rejected"
  | "signature_method_rejected"
  | "version_rejected"
  | "consumer_key_unknown"
  | "token_rejected"
  | "timestamp_refused"
  | "nonce_used"
  | "signature_invalid";

/**
 * A request that failed verification: answered with HTTP 401 and
 * `WWW-Authenticate: OAuth realm="...", oauth_problem="<problem>"`.
 */
export class OAuthError extends PlatformError {
  constructor(
    readonly problem: OAuthProblem,
    message: string,
  ) {
    super(PlatformErrorCodes.Unauthorized, message, { challenge: { scheme: "OAuth", params: { oauth_problem: problem } } });
    this.name = "OAuthError";
  }
}

/** An app key as LpClient reads it from secret storage, plus the secret it came from. */
export interface ApiKey {
  /** The secret's key in functions/settings.json. */
  secretName: string;
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

function asCredentials(value: unknown): Omit<ApiKey, "secretName"> | undefined {
  let candidate = value;
  if (typeof candidate === "string") {
    const text = candidate.trim();
    if (!text.startsWith("{")) return undefined;
    try {
      candidate = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (!candidate || typeof candidate !== "object" || Array.isArray(candidate)) return undefined;
  const { consumerKey, consumerSecret, token, tokenSecret } = candidate as Record<string, unknown>;
  if (typeof consumerKey !== "string" || typeof consumerSecret !== "string" || typeof token !== "string" || typeof tokenSecret !== "string") return undefined;
  return { consumerKey, consumerSecret, token, tokenSecret };
}

/** Every secret whose value is an app key (an object or JSON string with the four string members). */
export function apiKeysFromSecrets(secrets: ReadonlyArray<{ key: string; value: unknown }>): ApiKey[] {
  const keys: ApiKey[] = [];
  for (const secret of secrets) {
    const credentials = asCredentials(secret.value);
    if (credentials) keys.push({ secretName: secret.key, ...credentials });
  }
  return keys;
}

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

export interface OAuthVerifierOptions {
  /** The API keys, read at each request (the project's secrets can change while the platform runs). */
  keys: () => ApiKey[];
  /** Epoch milliseconds; default Date.now. */
  now?: () => number;
  windowSeconds?: number;
  maxNonces?: number;
  /** The scheme clients use to reach the platform; "http". */
  scheme?: string;
}

export interface VerifiableRequest {
  method: string;
  /** The request-target as sent (`/path?query`, or an absolute URL). */
  target: string;
  /** The Host header. */
  host: string | undefined;
  /** The Authorization header. */
  authorization: string | undefined;
}

export interface OAuthVerifier {
  /** The API key that signed the request; throws OAuthError otherwise. */
  verify(request: VerifiableRequest): ApiKey;
  /** The base string the verifier computes for a request (for diagnostics and tests). */
  baseString(request: VerifiableRequest): string;
  readonly nonces: NonceCache;
}

const REQUIRED = ["oauth_consumer_key", "oauth_token", "oauth_signature_method", "oauth_timestamp", "oauth_nonce", "oauth_signature"] as const;

function splitTarget(target: string, hostHeader: string | undefined): { host: string | undefined; path: string; query: string } {
  let host = hostHeader;
  let rest = target;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(target);
  if (absolute) {
    host = absolute[1];
    rest = target.slice(absolute[0].length);
  }
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  return { host, path: q === -1 ? rest : rest.slice(0, q), query: q === -1 ? "" : rest.slice(q + 1) };
}

export function createOAuthVerifier(options: OAuthVerifierOptions): OAuthVerifier {
  const now = options.now ?? Date.now;
  const windowSeconds = options.windowSeconds ?? OAUTH_TIMESTAMP_WINDOW_S;
  const scheme = options.scheme ?? "http";
  const nonces = new NonceCache(options.maxNonces);

  /** Every parameter list the request may have been signed over (two when the query holds a "+"). */
  function parameterVariants(request: VerifiableRequest, oauth: Map<string, string>): { baseUrl: string; lists: Array<Array<[string, string]>> } {
    const { host, path, query } = splitTarget(request.target, request.host);
    if (host === undefined || host.trim() === "")
      throw new OAuthError("parameter_rejected", "The request has no Host header, so its signature cannot be checked");
    const baseUrl = normaliseBaseUrl(scheme, host, path);
    const header = [...oauth].filter(([name]) => name !== "oauth_signature");
    const lists = [[...parseQueryParameters(query, true), ...header]];
    if (query.includes("+")) lists.push([...parseQueryParameters(query, false), ...header]);
    return { baseUrl, lists };
  }

  return {
    nonces,
    baseString(request) {
      const oauth = parseAuthorizationHeader(request.authorization);
      const { baseUrl, lists } = parameterVariants(request, oauth);
      return signatureBaseString(request.method, baseUrl, lists[0]!);
    },
    verify(request) {
      const oauth = parseAuthorizationHeader(request.authorization);
      const missing = REQUIRED.filter((name) => !oauth.has(name) || oauth.get(name) === "");
      if (missing.length > 0) throw new OAuthError("parameter_absent", `The OAuth header lacks ${missing.join(", ")}`);
      const method = oauth.get("oauth_signature_method")!;
      if (method !== "HMAC-SHA1") throw new OAuthError("signature_method_rejected", `oauth_signature_method "${method}" is not supported; use HMAC-SHA1`);
      const version = oauth.get("oauth_version");
      if (version !== undefined && version !== "1.0") throw new OAuthError("version_rejected", `oauth_version "${version}" is not supported; use 1.0`);
      const timestampText = oauth.get("oauth_timestamp")!;
      if (!/^\d{1,15}$/.test(timestampText)) throw new OAuthError("parameter_rejected", "oauth_timestamp must be a whole number of seconds since the epoch");
      if (oauth.get("oauth_nonce")!.length > MAX_OAUTH_NONCE_LENGTH) {
        throw new OAuthError(
          "parameter_rejected",
          `oauth_nonce is ${oauth.get("oauth_nonce")!.length} characters long; the limit is ${MAX_OAUTH_NONCE_LENGTH}`,
        );
      }
      // RFC 5849 §3.5: the protocol parameters go in one place; the same name in the query too is ambiguous.
      const twice = parseQueryParameters(splitTarget(request.target, request.host).query).find(([name]) => name.startsWith("oauth_"));
      if (twice)
        throw new OAuthError(
          "parameter_rejected",
          `${twice[0]} is given in the query as well as in the Authorization header; send OAuth parameters in the header only`,
        );

      const consumerKey = oauth.get("oauth_consumer_key")!;
      const token = oauth.get("oauth_token")!;
      const keys = options.keys().filter((key) => key.consumerKey === consumerKey);
      if (keys.length === 0)
        throw new OAuthError("consumer_key_unknown", `No API key with consumer key "${consumerKey}" in this project's secrets (functions/settings.json)`);
      const candidates = keys.filter((key) => key.token === token);
      if (candidates.length === 0) throw new OAuthError("token_rejected", `The API key with consumer key "${consumerKey}" has another token`);

      const nowMs = now();
      const timestamp = Number(timestampText);
      const skew = Math.abs(nowMs / 1000 - timestamp);
      if (skew > windowSeconds) {
        throw new OAuthError(
          "timestamp_refused",
          `oauth_timestamp ${timestamp} is ${Math.round(skew)} s away from the platform's clock (${Math.floor(nowMs / 1000)}); the limit is ${windowSeconds} s`,
        );
      }

      const { baseUrl, lists } = parameterVariants(request, oauth);
      const given = oauth.get("oauth_signature")!;
      let matched: ApiKey | undefined;
      for (const list of lists) {
        const base = signatureBaseString(request.method, baseUrl, list);
        for (const key of candidates) {
          if (signaturesEqual(hmacSha1Signature(base, key.consumerSecret, key.tokenSecret), given) && !matched) matched = key;
        }
      }
      if (!matched) {
        throw new OAuthError(
          "signature_invalid",
          `The OAuth signature does not match: it must be HMAC-SHA1 over ${request.method.toUpperCase()} ${baseUrl} with the query and oauth_* parameters (the body is not signed), keyed by the API key's consumer and token secrets`,
        );
      }
      if (!nonces.remember(consumerKey, token, oauth.get("oauth_nonce")!, (timestamp + windowSeconds) * 1000, nowMs)) {
        throw new OAuthError("nonce_used", `oauth_nonce "${oauth.get("oauth_nonce")}" was already used with this API key; every request needs a fresh nonce`);
      }
      return matched;
    },
  };
}
