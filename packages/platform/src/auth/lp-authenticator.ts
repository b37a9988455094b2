/**
 * OAuth 1.0a verification of requests to the emulated LivePerson APIs (and
 * the gateway) against the project's app keys: every secret in
 * functions/settings.json whose value is an app key, read at each request so
 * a rotated key works at once.
 */
import type { IncomingMessage } from "node:http";
import type { SettingsStore } from "../project/types";
import { apiKeysFromSecrets, createOAuthVerifier, OAuthError, type ApiKey, type OAuthVerifier } from "./oauth1-verify";

export interface LpAuthenticator {
  /** The API key that signed the request; throws OAuthError (→ 401) otherwise. */
  authenticate(req: IncomingMessage): ApiKey;
  readonly verifier: OAuthVerifier;
}

export interface LpAuthenticatorOptions {
  /** Epoch ms; default Date.now. */
  now?: () => number;
  /** Where the base string of a mismatched signature is logged (a diagnostic for client authors). */
  log?: (line: string) => void;
}

export function createLpAuthenticator(settings: SettingsStore, options: LpAuthenticatorOptions = {}): LpAuthenticator {
  const verifier = createOAuthVerifier({ keys: () => apiKeysFromSecrets(settings.read().secrets), now: options.now });
  return {
    verifier,
    authenticate(req) {
      const request = { method: req.method ?? "GET", target: req.url ?? "/", host: req.headers.host, authorization: req.headers.authorization };
      try {
        return verifier.verify(request);
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
