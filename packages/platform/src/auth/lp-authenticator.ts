/**
 * Authentication of requests to the emulated LivePerson APIs (and the
 * gateway), by either scheme the real ones take:
 *
 * - `Authorization: Bearer <token>`: an OAuth 2.0 access token the emulated
 *   Sentinel issued (V2 functions, the external invocation client). A missing,
 *   unknown or expired token is a 401 with
 *   `WWW-Authenticate: Bearer realm="...", error="invalid_token"`.
 * - anything else, including no Authorization at all: OAuth 1.0a against the
 *   project's app keys (every secret in functions/settings.json whose value is
 *   an app key, read at each request so a rotated key works at once), exactly
 *   as before OAuth 2.0 was added, so V1 clients see the same 401s.
 */
import type { IncomingMessage } from "node:http";
import { PlatformError, PlatformErrorCodes } from "../errors";
import type { SettingsStore } from "../project/types";
import { OAuthError } from "./oauth1-error";
import { apiKeysFromSecrets, createOAuthVerifier, type ApiKey, type OAuthVerifier } from "./oauth1-verify";
import type { OAuth2Tokens } from "./oauth2-tokens";

/** Who the request authenticated as. */
export type LpCaller = { readonly scheme: "OAuth"; readonly key: ApiKey } | { readonly scheme: "Bearer" };

export interface LpAuthenticator {
  /** Throws a PlatformError with a challenge (→ 401) unless the request is authenticated. */
  authenticate(req: IncomingMessage): LpCaller;
  readonly verifier: OAuthVerifier;
}

export interface LpAuthenticatorOptions {
  /** Epoch ms; default Date.now. */
  now?: () => number;
  /** Where the base string of a mismatched signature is logged (a diagnostic for client authors). */
  log?: (line: string) => void;
  /** The access tokens Sentinel issued; without it, a bearer token is never valid. */
  tokens?: OAuth2Tokens;
}

/** `Bearer <token>` (scheme case-insensitive, RFC 7235); the token, "" when absent; undefined for another scheme. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const found = /^Bearer(?:[ \t]+(.*?))?[ \t]*$/i.exec(header);
  return found ? (found[1] ?? "") : undefined;
}

const invalidToken = (message: string): PlatformError =>
  new PlatformError(PlatformErrorCodes.Unauthorized, message, { challenge: { scheme: "Bearer", params: { error: "invalid_token" } } });

function checkBearer(token: string, tokens: OAuth2Tokens | undefined): void {
  if (token === "") throw invalidToken("The Authorization header names the Bearer scheme but carries no token; send Authorization: Bearer <access_token>");
  if (!/^[\w\-.~+/]+=*$/.test(token)) throw invalidToken("The bearer token is malformed (RFC 6750 b64token)");
  if (!tokens?.isValid(token)) {
    throw invalidToken("The bearer token is unknown or expired; get a new one from POST /sentinel/api/v2/account/{accountId}/app/token?v=2.0");
  }
}

export function createLpAuthenticator(settings: SettingsStore, options: LpAuthenticatorOptions = {}): LpAuthenticator {
  const verifier = createOAuthVerifier({ keys: () => apiKeysFromSecrets(settings.read().secrets), now: options.now });
  return {
    verifier,
    authenticate(req) {
      const bearer = bearerTokenOf(req.headers.authorization);
      if (bearer !== undefined) {
        checkBearer(bearer, options.tokens);
        return { scheme: "Bearer" };
      }
      const request = { method: req.method ?? "GET", target: req.url ?? "/", host: req.headers.host, authorization: req.headers.authorization };
      try {
        return { scheme: "OAuth", key: verifier.verify(request) };
      } catch (error) {
        if (error instanceof OAuthError && error.problem === "signature_invalid" && options.log) {
          try {
            options.log(`OAuth signature mismatch on ${request.method} ${request.target}; the platform's base string: ${verifier.baseString(request)}`);
          } catch {
            // the base string is a diagnostic only
          }
        }
        throw error;
      }
    },
  };
}
