/**
 * OAuth 2.0 client credentials against Sentinel (spec v2 §3), the authorization
 * of V2's LpClient, LPMtlsClient and OrchestratorClient.
 *
 *     POST {CSDS sentinel}/sentinel/api/v2/account/{account}/app/token?v=2.0
 *     client_id=…&client_secret=…&grant_type=client_credentials
 *
 * A token source caches one token (stale 60 s before `expires_in` runs out) and
 * shares one request among concurrent callers. Unlike core-functions-toolbelt
 * (B3): `expires_in` may be a number or a numeric string, a missing or
 * non-numeric one is refused (never a token that never expires), and a non-2xx
 * answer is an error.
 *
 * Callers other than LpClient pass their own component and credential codes:
 * `tokenSource(name, { owner: { component: "LP-MTLS", format: ErrorCodes.Mtls.Creds.Format, failure: ErrorCodes.Mtls.Creds.Failure } })`.
 */
import { ErrorCodes } from "../errors/codes";
import { isPassThroughError, ToolBeltError } from "../errors/toolbelt-error";
import { sharedCsds } from "../csds/shared-csds";
import { v2Fetch } from "../net/fetch";
import { brandId } from "../runtime/env";
import { createSecretClient, type ISecretClient } from "../secrets/secret-client";
import { requestId } from "../trace";
import { DEFAULT_APP_KEY_SECRET_NAME, LP_CLIENT_CREDENTIALS, readClientCredentials, type CredentialsOwner } from "./credentials";

export interface TokenSource {
  /**
   * `"<token_type> <access_token>"` for an Authorization header. `refresh: true` re-reads the
   * secret (uncached) and fetches a new token (what a 401 calls for).
   * @throws ToolBeltError: secret and CSDS errors unchanged; the owner's credential codes;
   *   (component `Oauth2Client`) `com.liveperson.faas.oauth2.unexpected-response`, `com.liveperson.faas.oauth2.general-issue`.
   */
  authorization(options?: { refresh?: boolean }): Promise<string>;
}

export interface TokenSourceOptions {
  /** Whose credentials: component and codes of the credential errors (default LpClient's). */
  owner?: CredentialsOwner;
  /** Secret client to read them with (default a V2 SecretClient on the global cache). */
  secrets?: ISecretClient;
  /** Clock in ms (default Date.now). */
  now?: () => number;
}

/** A token is stale this long before Sentinel says it expires. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;
const EXCERPT = 300;

interface Token {
  header: string;
  requestedAt: number;
  expiresInMs: number;
}

function oauth2Error(code: string, message: string, cause?: unknown): ToolBeltError {
  return new ToolBeltError("Oauth2Client", code, message, cause === undefined ? undefined : { cause });
}

/** The answer for an error message, access and refresh tokens masked. */
function excerptOf(text: string): string {
  let shown = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const copy: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
      for (const field of ["access_token", "refresh_token", "id_token"]) if (field in copy) copy[field] = "[REDACTED]";
      shown = JSON.stringify(copy);
    }
  } catch {
    // Not JSON: shown as text.
  }
  shown = shown.replace(/\s+/g, " ").trim();
  return shown.length > EXCERPT ? `${shown.slice(0, EXCERPT)}…` : shown;
}

/** `expires_in` in seconds, a number or a numeric string (Sentinel sends a string); undefined when unusable. */
export function expiresInSeconds(value: unknown): number | undefined {
  const seconds = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function parseToken(status: number, text: string, requestedAt: number): Token {
  const unexpected = (): ToolBeltError =>
    oauth2Error(ErrorCodes.OAuth2.UnexpectedResponse, `AuthServer unexpected response: ${excerptOf(text)}. Status Code: ${status}`);
  if (status < 200 || status > 299) throw unexpected();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unexpected();
  }
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
  const seconds = expiresInSeconds(expiresIn);
  if (typeof accessToken !== "string" || accessToken === "" || typeof tokenType !== "string" || tokenType === "" || seconds === undefined) {
    throw unexpected();
  }
  return { header: `${tokenType} ${accessToken}`, requestedAt, expiresInMs: seconds * 1000 };
}

export function tokenSource(secretName: string = DEFAULT_APP_KEY_SECRET_NAME, options: TokenSourceOptions = {}): TokenSource {
  const owner = options.owner ?? LP_CLIENT_CREDENTIALS;
  const account = brandId(owner.component);
  const secrets = options.secrets ?? createSecretClient();
  const now = options.now ?? Date.now;
  let token: Token | undefined;
  let pending: Promise<Token> | undefined;

  const fresh = (t: Token | undefined): t is Token => t !== undefined && now() - t.requestedAt <= t.expiresInMs - TOKEN_EXPIRY_MARGIN_MS;

  async function fetchToken(refresh: boolean): Promise<Token> {
    const credentials = await readClientCredentials(secrets, secretName, !refresh, owner);
    const base = await sharedCsds().baseUrl("sentinel");
    const url = `${base}/sentinel/api/v2/account/${encodeURIComponent(account)}/app/token?v=2.0`;
    const requestedAt = now();
    let status: number;
    let text: string;
    try {
      const response = await v2Fetch(url, {
        method: "POST",
        headers: { "X-Request-Id": requestId(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...credentials, grant_type: "client_credentials" }).toString(),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (isPassThroughError(error)) throw error;
      const reason = error instanceof Error ? `${error.message}${codeOf(error.cause)}` : String(error);
      throw oauth2Error(ErrorCodes.OAuth2.General, `Obtaining OAuth2 Access Token from sentinel failed due to: ${reason}`, error);
    }
    return parseToken(status, text, requestedAt);
  }

  return {
    async authorization(request = {}) {
      const refresh = request.refresh === true;
      if (!refresh && fresh(token)) return token.header;
      if (!refresh && pending) return (await pending).header;
      const attempt = fetchToken(refresh);
      pending = attempt;
      try {
        token = await attempt;
        return token.header;
      } finally {
        if (pending === attempt) pending = undefined;
      }
    },
  };
}

function codeOf(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? ` (${code})` : "";
}
