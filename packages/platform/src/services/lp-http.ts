/**
 * What the emulated LivePerson APIs (Messaging Interactions, Engagement
 * Attributes) share: OAuth 1.0a verification of each request against the
 * project's API keys, and LivePerson-style error bodies.
 *
 * Error body, for every status these endpoints answer with (400, 401, 413, 422):
 *
 *     { "error": { "code": <HTTP status>, "message": "<what is wrong>" } }
 *
 * and for 401 also `"oauth_problem": "<name>"` (the OAuth Problem Reporting
 * extension's names: signature_invalid, timestamp_refused, nonce_used,
 * consumer_key_unknown, token_rejected, parameter_absent, parameter_rejected,
 * signature_method_rejected, version_rejected) plus the header
 * `WWW-Authenticate: OAuth realm="<base URL>", oauth_problem="<name>"`.
 * LivePerson's OAuth 1.0a gateway is known to answer the same problem names as
 * form text (`oauth_problem=signature_invalid&oauth_problem_advice=...`); we
 * answer JSON so that a client printing the body (the toolbelt's
 * `Unexpected response: <text>`) shows a readable reason either way.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { PlatformError } from "../errors";
import type { SettingsStore } from "../project/types";
import { sendJson } from "../server/http-kit";
import type { RouteContext, RouteHandler } from "../server/router";
import { apiKeysFromSecrets, createOAuthVerifier, OAuthError, type ApiKey, type OAuthVerifier } from "./oauth1-verify";

export interface LpErrorBody {
  error: { code: number; message: string; oauth_problem?: string };
}

export function lpErrorBody(status: number, message: string, problem?: string): LpErrorBody {
  return { error: { code: status, message, ...(problem !== undefined && { oauth_problem: problem }) } };
}

/** Answers `error` in LivePerson's shape when it is an OAuthError or a PlatformError; anything else is rethrown (→ 500). */
export function sendLpError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (!req.readableEnded) req.resume(); // an unread body must not stall the connection
  if (error instanceof OAuthError) {
    const host = (req.headers.host ?? "127.0.0.1").toLowerCase();
    sendJson(res, 401, lpErrorBody(401, error.message, error.problem), {
      "www-authenticate": `OAuth realm="http://${host}/", oauth_problem="${error.problem}"`,
    });
    return;
  }
  if (error instanceof PlatformError) {
    sendJson(res, error.status, lpErrorBody(error.status, error.message));
    return;
  }
  throw error;
}

/** A route whose OAuth and input errors are answered in LivePerson's shape. */
export function lpRoute(handler: RouteHandler): RouteHandler {
  return async (ctx: RouteContext) => {
    try {
      await handler(ctx);
    } catch (error) {
      sendLpError(ctx.req, ctx.res, error);
    }
  };
}

export interface LpAuthenticator {
  /** The API key that signed the request; throws OAuthError (→ 401) otherwise. */
  authenticate(req: IncomingMessage): ApiKey;
  readonly verifier: OAuthVerifier;
}

/** Verifies requests against the API keys among the project's secrets, read at each request. */
export function createLpAuthenticator(settings: SettingsStore, options: { now?: () => number; log?: (line: string) => void } = {}): LpAuthenticator {
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
