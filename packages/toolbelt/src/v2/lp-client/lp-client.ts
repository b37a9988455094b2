/**
 * `Toolbelt.LpClient()` of the V2 entry: `lpClient(service, path, options?)`
 * calls a LivePerson API with an OAuth 2.0 bearer token and resolves the fetch
 * `Response` for every status (spec v2 §4).
 *
 * CSDS gives the host, the secret (`appKeySecretName`, default
 * `LIVEPERSON_DEFAULT_APP_KEY`) the client credentials, Sentinel the token
 * (cached per LpClient and secret name). A 401 is answered once: the secret is
 * re-read uncached, a new token fetched and the request resent WITH it (B1).
 * Unlike core-functions-toolbelt (B2): `options` may be omitted; caller headers
 * are kept whether a `Headers`, an array of pairs or an object; a caller's
 * `X-Request-Id` is kept; the caller's objects are never changed.
 */
import { ErrorCodes } from "../errors/codes";
import { checkServiceAndPath } from "../../lp-client/lp-client";
import { ToolBeltError, toV2Error } from "../errors/toolbelt-error";
import { sharedCsds, type V2Csds } from "../csds/shared-csds";
import type { LpServices } from "../enums/lp-services";
import { v2Fetch } from "../net/fetch";
import { DEFAULT_APP_KEY_SECRET_NAME } from "../oauth2/credentials";
import { tokenSource, type TokenSource } from "../oauth2/token-source";
import { brandId } from "../runtime/env";
import { requestId } from "../trace";

/** fetch's options, plus the secret holding `{ client_id, client_secret }`. */
export type LpClientOptions = { appKeySecretName?: string } & RequestInit;

/**
 * Sends `path` (starting with `/`, with its own query) to the host CSDS lists for `service`.
 * @throws ToolBeltError `com.liveperson.faas.lp-client.invalid-argument`, CSDS, secret,
 *   `lp-client.credentials-wrong-format`, `lp-client.get-credentials-failure` and `oauth2.*` errors;
 *   fetch's own TypeError for a network failure.
 */
export type ILpClient = (service: LpServices | (string & {}), path: string, options?: LpClientOptions) => Promise<Response>;

export interface LpClientDeps {
  csds?: V2Csds;
  tokens?: (secretName: string) => TokenSource;
}

function invalid(message: string): ToolBeltError {
  return new ToolBeltError("LpClient", ErrorCodes.LpClient.InvalidArgument, message);
}

function checkArguments(service: unknown, path: unknown, options: unknown): asserts options is LpClientOptions | undefined {
  try {
    checkServiceAndPath(service, path);
  } catch (error) {
    throw toV2Error(error);
  }
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options))
    throw invalid("lpClient(service, path, options?): options must be an object (fetch options plus appKeySecretName)");
  const name = (options as LpClientOptions).appKeySecretName;
  if (name !== undefined && (typeof name !== "string" || name === ""))
    throw invalid("options.appKeySecretName must be the name of a secret (a non-empty string)");
}

/** A body a resend can send again: a stream is read once, up front. */
async function replayable(body: RequestInit["body"]): Promise<RequestInit["body"]> {
  if (body instanceof ReadableStream) return Buffer.from(await new Response(body).arrayBuffer());
  return body;
}

export function createLpClient(deps: LpClientDeps = {}): ILpClient {
  // Read when the client is built: a missing account fails here, with a message.
  brandId("LpClient");
  const csds = deps.csds ?? sharedCsds();
  const newTokens = deps.tokens ?? ((secretName: string) => tokenSource(secretName));
  // One token cache per LpClient (and secret), as core-functions-toolbelt meant it.
  const tokens = new Map<string, TokenSource>();

  async function lpClient(service: string, path: string, options?: LpClientOptions): Promise<Response> {
    checkArguments(service, path, options);
    const { appKeySecretName, headers: callerHeaders, body: callerBody, ...init } = options ?? {};
    const secretName = appKeySecretName ?? DEFAULT_APP_KEY_SECRET_NAME;
    const base = await csds.baseUrl(service);
    const url = new URL(`${base}${path}`);
    if (url.origin !== new URL(base).origin) throw invalid(`lpClient: path ${JSON.stringify(path)} does not give a URL on the service's host`);

    let source = tokens.get(secretName);
    if (!source) {
      source = newTokens(secretName);
      tokens.set(secretName, source);
    }
    const body = await replayable(callerBody);
    const send = (authorization: string): Promise<Response> => {
      const headers = new Headers(callerHeaders);
      headers.set("authorization", authorization);
      if (!headers.has("x-request-id")) headers.set("X-Request-Id", requestId());
      return v2Fetch(url, { ...init, method: init.method ?? "GET", headers, body });
    };

    const response = await send(await source.authorization());
    if (response.status !== 401) return response;
    // Drain the refused answer before the resend, so its connection is reused.
    await response.arrayBuffer().catch(() => undefined);
    return send(await source.authorization({ refresh: true }));
  }

  return lpClient;
}
