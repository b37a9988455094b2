/**
 * `Toolbelt.LpClient()`: `lpClient(service, path, options)` calls a LivePerson
 * API. CSDS resolves the service's host, the API key secret signs the request
 * (OAuth 1.0a), and the request is an ordinary HTTPClient request — same
 * options, same result, same errors, same egress path.
 *
 * Signing happens per request on the wire (a wrapper around the request core
 * that HTTPClient sends through), so the signature always covers the URL that is
 * actually dialled, including `qs` parameters and same-origin redirects; a
 * redirect to another origin carries no Authorization at all. A 401 is answered
 * once: credentials re-read with `useCache: false`, a freshly signed header
 * (never the stale one V2 re-sent) and the same, already-built body
 * (a stream body is never read twice).
 */
import { createCsdsClient, type CsdsClient } from "../csds/csds-client";
import { getRequestCore, type CoreHeaders, type CoreRequest, type RequestCore } from "../egress/request-core";
import type { LpServices } from "../enums/lp-services";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { sendHttpRequest } from "../http/http-client";
import type { HttpClientOptions } from "../http/types";
import { createSecretClient } from "../secrets/secret-client";
import type { SecretClient } from "../secrets/types";
import { DEFAULT_APP_KEY_SECRET_NAME, readCredentials } from "./credentials";
import { oauth1Authorization, type OAuth1Credentials } from "./oauth1";

/**
 * HTTPClient's options (request-promise's), plus `appKeySecretName`. The URL comes
 * from `service` and `path`, the Authorization header from the API key, so
 * `uri`, `url`, `baseUrl` and `auth` are not accepted.
 */
export interface LpClientOptions extends HttpClientOptions {
  /** Secret holding `{ consumerKey, consumerSecret, token, tokenSecret }` (default `lp-faas-default-app-key`). */
  appKeySecretName?: string;
  uri?: undefined;
  url?: undefined;
  baseUrl?: undefined;
  auth?: undefined;
}

/**
 * Calls `path` (starting with `/`, with its own query string) on the host CSDS
 * lists for `service`, signed with the account's API key. Resolves what
 * `Toolbelt.HTTPClient()` resolves for the same options (the body by default;
 * default method GET).
 * @throws ToolbeltError `com.liveperson.faas.lp-client.invalid-argument`, CSDS errors,
 *   `com.liveperson.faas.secret.not-found`, `com.liveperson.faas.lp-client.credentials-wrong-format`,
 *   `com.liveperson.faas.lp-client.get-credentials-failure`; then HTTPClient's
 *   `RequestError` / `StatusCodeError` / `TransformError`.
 */
export type LpClient = <T = unknown>(service: LpServices | (string & {}), path: string, options?: LpClientOptions) => Promise<T>;

export interface LpClientDeps {
  csds?: CsdsClient;
  secrets?: () => SecretClient;
  core?: () => RequestCore;
}

const FORBIDDEN_OPTIONS = {
  uri: "the URL is built from the service and path arguments",
  url: "the URL is built from the service and path arguments",
  baseUrl: "the base URL comes from CSDS for the service",
  auth: "LpClient signs every request with the API key from the secret (appKeySecretName)",
} as const;

function invalid(message: string): ToolbeltError {
  return new ToolbeltError("LpClient", ErrorCodes.LpClient.InvalidArgument, message);
}

function withoutAuthorization(headers: CoreHeaders): CoreHeaders {
  const out: CoreHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== "authorization") out[name] = value;
  return out;
}

function formBodyOf(request: CoreRequest): string | undefined {
  if (request.body === undefined || request.body === null) return undefined;
  const type = Object.entries(request.headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  const value = Array.isArray(type) ? type[0] : type;
  if (!value || value.split(";")[0]!.trim().toLowerCase() !== "application/x-www-form-urlencoded") return undefined;
  return Buffer.isBuffer(request.body) ? request.body.toString("utf8") : request.body;
}

function signed(request: CoreRequest, credentials: OAuth1Credentials): CoreRequest {
  const authorization = oauth1Authorization({ method: request.method, url: request.url, formBody: formBodyOf(request) }, credentials);
  const headers = withoutAuthorization(request.headers);
  headers.Authorization = authorization;
  // Field by field: copying with a spread or Object.assign costs several µs per request on Node 20.
  return {
    url: request.url,
    method: request.method,
    headers,
    body: request.body,
    tls: request.tls,
    connectTimeoutMs: request.connectTimeoutMs,
    readTimeoutMs: request.readTimeoutMs,
    signal: request.signal,
  };
}

/** A request core that signs requests to `origin` and answers one 401 with fresh credentials. */
function signingCore(inner: RequestCore, origin: string, first: OAuth1Credentials, reread: () => Promise<OAuth1Credentials>): RequestCore {
  let credentials = first;
  let retried = false;
  return {
    policy: inner.policy,
    // The shared core outlives this call.
    close: async () => undefined,
    async send(request) {
      if (request.url.origin !== origin) return inner.send(Object.assign({}, request, { headers: withoutAuthorization(request.headers) }));
      const response = await inner.send(signed(request, credentials));
      if (response.statusCode !== 401 || retried) return response;
      retried = true;
      credentials = await reread();
      return inner.send(signed(request, credentials));
    },
  };
}

/** The `service` and `path` checks both entries' LpClients apply (the V2 entry reuses them). */
export function checkServiceAndPath(service: unknown, path: unknown): void {
  if (typeof service !== "string" || service.trim() === "") {
    throw invalid(`lpClient(service, path, options): service must be a non-empty string such as LpServices.MSG_HIST, got ${JSON.stringify(service)}`);
  }
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw invalid(`lpClient(service, path, options): path must be a string starting with "/", got ${JSON.stringify(path)}`);
  }
}

function checkArguments(service: unknown, path: unknown, options: unknown): asserts options is LpClientOptions | undefined {
  checkServiceAndPath(service, path);
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalid("lpClient(service, path, options): options must be an object (HTTPClient's options plus appKeySecretName)");
  }
  for (const [name, reason] of Object.entries(FORBIDDEN_OPTIONS)) {
    if ((options as Record<string, unknown>)[name] !== undefined) throw invalid(`LpClient does not accept options.${name}: ${reason}`);
  }
  const secretName = (options as LpClientOptions).appKeySecretName;
  if (secretName !== undefined && (typeof secretName !== "string" || secretName === "")) {
    throw invalid("options.appKeySecretName must be the name of a secret (a non-empty string)");
  }
}

export function createLpClient(deps: LpClientDeps = {}): LpClient {
  const csds = deps.csds ?? createCsdsClient();
  const secrets = deps.secrets ?? (() => createSecretClient());
  const core = deps.core ?? getRequestCore;

  async function lpClient(service: string, path: string, options?: LpClientOptions): Promise<unknown> {
    checkArguments(service, path, options);
    const { appKeySecretName, ...rest } = options ?? {};
    const secretName = appKeySecretName ?? DEFAULT_APP_KEY_SECRET_NAME;

    const base = await csds.getBaseUrl(service);
    const secretClient = secrets();
    const credentials = await readCredentials(secretClient, secretName, true);

    const origin = new URL(base).origin;
    let url: URL | undefined;
    try {
      url = new URL(`${base}${path}`);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) throw invalid(`lpClient: path ${JSON.stringify(path)} does not give a URL on the service's host`);

    const signing = signingCore(core(), origin, credentials, () => readCredentials(secretClient, secretName, false));
    // A new options object: the caller's options and headers are never changed.
    return sendHttpRequest(Object.assign({}, rest, { uri: url.href, method: rest.method ?? "GET" }), signing);
  }

  return lpClient as LpClient;
}
