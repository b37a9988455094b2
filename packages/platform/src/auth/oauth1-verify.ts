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
import { NonceCache } from "./nonce-cache";
import { OAuthError } from "./oauth1-error";
import { hmacSha1Signature, normaliseBaseUrl, parseAuthorizationHeader, parseQueryParameters, signatureBaseString, signaturesEqual } from "./oauth1-signature";

/**
 * The longest oauth_nonce accepted (RFC 5849 sets none; signers send 32 or so):
 * nonces are remembered, so their size is bounded.
 */
export const MAX_OAUTH_NONCE_LENGTH = 64;

/** How far a request's oauth_timestamp may be from the platform's clock, in seconds. */
export const OAUTH_TIMESTAMP_WINDOW_S = 300;

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
