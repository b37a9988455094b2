/**
 * V2 `Toolbelt.LPMtlsClient()`: requests forwarded by LivePerson's MTLS gateway
 * (CSDS service `mtlsGateway`, `POST|GET {gateway}/mtls/account/{account}`), which
 * presents the client certificate configured for the target URL. Authorised with
 * the account's OAuth2 token (secret `LIVEPERSON_DEFAULT_APP_KEY`), cached per client.
 *
 * Unlike core-functions-toolbelt:
 * - the caller's headers object is never written; `LP-forward-url` is always the URL
 *   given, a caller header cannot replace it (B12);
 * - a 401 from the gateway gets one fresh token and one resend (B9);
 * - `timeout` is applied (B7) → `mtls.request-timeout`.
 */
import { ErrorCodes } from "../errors/codes";
import { v2Fetch } from "../net/fetch";
import { tokenSource, type TokenSource } from "../oauth2/token-source";
import { sharedCsds, type V2Csds } from "../csds/shared-csds";
import { brandId } from "../runtime/env";
import { requestId } from "../trace";
import { MTLSError } from "./mtls-error";
import { checkOptions, checkUrl, copyHeaders, encodeBody, readAnswer, requestFailure } from "./request-parts";
import type { ILpMtlsClient, LpMtlsOptions, MtlsBody, MtlsHeaders, MtlsResponse } from "./types";

const COMPONENT = "LP-MTLS";
/** CSDS service of LivePerson's MTLS gateway. */
export const MTLS_GATEWAY_SERVICE = "mtlsGateway";

/** Credential errors carry this component's codes. */
const LP_MTLS_CREDENTIALS = { component: COMPONENT, format: ErrorCodes.Mtls.Creds.Format, failure: ErrorCodes.Mtls.Creds.Failure };

/** The gateway's answer header carrying the target's own failure. */
const REMOTE_FAILURE_HEADER = "lp-message-from-transport";

export interface LpMtlsClientDeps {
  /** Default: a token source of its own on `LIVEPERSON_DEFAULT_APP_KEY` (token cached per client). */
  tokens?: TokenSource;
  /** Default: the process-wide V2 CSDS client. */
  csds?: V2Csds;
}

/**
 * The gateway request's headers, later wins: the gateway's own, the caller's
 * Authorization (any case) moved to `LP-authorization-override`, the caller's other
 * headers, then our Authorization. `LP-forward-url` is ours alone.
 */
export function gatewayHeaders(url: URL, callerHeaders: Headers, json: boolean, authorization: string): Headers {
  const headers = new Headers({
    "LP-stop-if-certificate-not-found": "true",
    "LP-service-name": "FAAS",
    "LP-forward-url": url.href,
    "X-Request-Id": requestId(),
  });
  if (json) headers.set("Content-Type", "application/json");
  const callerAuthorization = callerHeaders.get("authorization");
  if (callerAuthorization !== null) headers.set("LP-authorization-override", callerAuthorization);
  callerHeaders.forEach((value, name) => {
    if (name !== "authorization" && name !== "lp-forward-url") headers.set(name, value);
  });
  headers.set("Authorization", authorization);
  return headers;
}

/** The gateway's verdicts: a target failure, an authentication failure, no mapping for the target. */
function gatewayFailure(answer: MtlsResponse & { text: string }, url: URL): MTLSError | undefined {
  const remote = answer.headers[REMOTE_FAILURE_HEADER];
  if (remote !== undefined) return new MTLSError(COMPONENT, ErrorCodes.Mtls.Remote, remote, { originalBody: answer.text });
  const authenticate = answer.headers["www-authenticate"];
  if (authenticate !== undefined) return new MTLSError(COMPONENT, ErrorCodes.Mtls.BadRequest, `Authentication to LP MTLS failed due to ${authenticate}`);
  if (answer.statusCode === 400) {
    return new MTLSError(
      COMPONENT,
      ErrorCodes.Mtls.Missing,
      `The LP MTLS gateway has no certificate configured for ${url.origin} (it answered 400): add an mTLS mapping for this host to the account.`,
      { originalBody: answer.text },
    );
  }
  return undefined;
}

export function createLpMtlsClient(deps: LpMtlsClientDeps = {}): ILpMtlsClient {
  const account = brandId(COMPONENT);
  const tokens = deps.tokens ?? tokenSource(undefined, { owner: LP_MTLS_CREDENTIALS });
  const csds = deps.csds ?? sharedCsds();

  async function send(
    method: "GET" | "POST",
    rawUrl: string,
    rawHeaders: MtlsHeaders | undefined,
    rawBody: MtlsBody,
    rawOptions: unknown,
  ): Promise<MtlsResponse> {
    const url = checkUrl(COMPONENT, rawUrl, false);
    const options = checkOptions(COMPONENT, rawOptions) as LpMtlsOptions;
    const json = options.json === true;
    const callerHeaders = copyHeaders(COMPONENT, rawHeaders);
    const body = encodeBody(COMPONENT, rawBody, json);
    const gateway = new URL(`${await csds.baseUrl(MTLS_GATEWAY_SERVICE)}/mtls/account/${encodeURIComponent(account)}`);
    // A stream can be sent once only: no resend after a 401 then.
    const resendable = !(body instanceof ReadableStream);
    const attempt = async (refresh: boolean) => {
      // Credential errors carry this component's codes (the token source's owner); the rest pass through.
      const headers = gatewayHeaders(url, callerHeaders, json, await tokens.authorization({ refresh }));
      try {
        const response = await v2Fetch(gateway, { method, headers, body, ...(options.timeout !== undefined && { timeoutMs: options.timeout }) });
        return await readAnswer(response, json, true);
      } catch (error) {
        throw requestFailure(COMPONENT, error, gateway, options.timeout);
      }
    };
    let answer = await attempt(false);
    if (answer.statusCode === 401 && answer.headers[REMOTE_FAILURE_HEADER] === undefined && resendable) answer = await attempt(true);
    const failure = gatewayFailure(answer, url);
    if (failure) throw failure;
    const { text: _text, ...result } = answer;
    return result;
  }

  return {
    get: (url, headers?, body?, options?: LpMtlsOptions) => send("GET", url, headers, body, options),
    post: (url, headers?, body?, options?: LpMtlsOptions) => send("POST", url, headers, body, options),
  };
}
