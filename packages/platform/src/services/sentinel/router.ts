/**
 * Sentinel, LivePerson's OAuth 2.0 authorization server: the client
 * credentials grant. Mounted at `/sentinel/api`:
 *
 *     POST /sentinel/api/v2/account/{accountId}/app/token?v=2.0   (V2 toolbelt: LpClient, MTLS, Orchestrator; spec v2 §3)
 *     POST /sentinel/api/account/{accountId}/app/token?v=2.0      (the external invocation client; spec platform §8)
 *     Content-Type: application/x-www-form-urlencoded
 *     client_id=…&client_secret=…&grant_type=client_credentials
 *
 * 200 → `{ "access_token": "<random>", "token_type": "Bearer", "expires_in": "3600" }`.
 * `expires_in` is a string: the V2 toolbelt requires one (a number fails its
 * check) and reads it as seconds; our toolbelt takes either.
 * The token is accepted as `Authorization: Bearer <token>` by the gateway and
 * the emulated LivePerson APIs until it expires (auth/oauth2-tokens.ts).
 *
 * Errors, RFC 6749 §5.2 `{ "error": "<name>", "error_description": "<what>" }`:
 *   401 invalid_client          client_id/client_secret are not the secret LIVEPERSON_DEFAULT_APP_KEY's
 *   400 unsupported_grant_type  grant_type is not client_credentials
 *   400 invalid_request         not a form body; a parameter missing or repeated
 *
 * Why this route reads a form when every other body-taking route refuses
 * anything but JSON (415, http/body.ts): the grant is defined on form bodies
 * (RFC 6749 §4.4.2) and every real client sends one. JSON-only elsewhere is
 * a defence against cross-site browser forms; here the Origin and Host checks
 * (http/request-guard.ts) still refuse every cross-site request first, the
 * form must carry the client secret a foreign page does not know, and what it
 * yields is a token in an answer no foreign page can read.
 */
import { checkClientCredentials, OAUTH2_APP_KEY_SECRET, type ClientCredentials } from "../../auth/oauth2-client-credentials";
import { PlatformError, PlatformErrorCodes } from "../../errors";
import { readBody } from "../../http/body";
import type { ErrorFormat } from "../../http/error-response";
import { sendJson } from "../../http/respond";
import { Router, type RouteHandler } from "../../http/router";
import type { ServiceDeps } from "../deps";

/** The OAuth 2.0 error names of the codes this route answers with (RFC 6749 §5.2). */
const OAUTH2_ERROR_NAMES: Readonly<Record<string, string>> = {
  [PlatformErrorCodes.InvalidClient]: "invalid_client",
  [PlatformErrorCodes.UnsupportedGrantType]: "unsupported_grant_type",
  [PlatformErrorCodes.InvalidRequest]: "invalid_request",
  [PlatformErrorCodes.BadInput]: "invalid_request",
  [PlatformErrorCodes.PayloadTooLarge]: "invalid_request",
};

/** `{ error, error_description }`; failures outside OAuth's names (a 500, a 405) are `server_error` / `invalid_request`. */
export const oauth2ErrorFormat: ErrorFormat = ({ status, code, message }) => ({
  error: OAUTH2_ERROR_NAMES[code] ?? (status >= 500 ? "server_error" : "invalid_request"),
  error_description: message,
});

/** Form bodies are small; a token request is well under 1 KiB. */
const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;

const invalidRequest = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.InvalidRequest, message);

/** The three parameters of a token request, each exactly once. */
export function parseTokenForm(contentType: string | undefined, body: string): ClientCredentials & { grant_type: string } {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw invalidRequest(
      `A token request is a form: send Content-Type: application/x-www-form-urlencoded${contentType ? ` (it was ${JSON.stringify(contentType.slice(0, 100))})` : " (it had none)"}`,
    );
  }
  const form = new URLSearchParams(body);
  const one = (name: string): string => {
    const values = form.getAll(name);
    if (values.length === 0 || values[0] === "") throw invalidRequest(`The form lacks ${name}`);
    if (values.length > 1) throw invalidRequest(`The form holds ${name} more than once`);
    return values[0]!;
  };
  const grant_type = one("grant_type");
  if (grant_type !== "client_credentials") {
    throw new PlatformError(
      PlatformErrorCodes.UnsupportedGrantType,
      `grant_type ${JSON.stringify(grant_type.slice(0, 50))} is not supported; use client_credentials`,
    );
  }
  return { client_id: one("client_id"), client_secret: one("client_secret"), grant_type };
}

export type SentinelDeps = Pick<ServiceDeps, "settings" | "oauth2Tokens">;

export const V2_TOKEN_PATH = "/v2/account/:accountId/app/token";
export const EXTERNAL_TOKEN_PATH = "/account/:accountId/app/token";

/** Mounted at `/sentinel/api`. */
export function createSentinelRouter(deps: SentinelDeps): Router {
  const issue: RouteHandler = async ({ req, res }) => {
    const body = (await readBody(req, MAX_TOKEN_REQUEST_BYTES)).toString("utf8");
    const { client_id, client_secret } = parseTokenForm(req.headers["content-type"], body);
    checkClientCredentials(deps.settings.getSecret(OAUTH2_APP_KEY_SECRET)?.value, { client_id, client_secret });
    const token = deps.oauth2Tokens.issue();
    // RFC 6749 §5.1: token answers are never cached.
    sendJson(
      res,
      200,
      { access_token: token.accessToken, token_type: "Bearer", expires_in: String(token.expiresInS) },
      { "cache-control": "no-store", pragma: "no-cache" },
    );
  };
  return new Router({ errorFormat: oauth2ErrorFormat }).on("POST", V2_TOKEN_PATH, issue).on("POST", EXTERNAL_TOKEN_PATH, issue);
}
