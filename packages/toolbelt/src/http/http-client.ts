/**
 * `Toolbelt.HTTPClient()`: request-promise's calling convention on the
 * toolbelt's request core. Promises reject only with request-promise's errors
 * (`RequestError`, `StatusCodeError`, `TransformError`); a `ToolbeltError` with
 * a stable code is the `cause` of a `RequestError` for bad options or a refused host.
 */
import { getRequestCore, type RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { RequestError, StatusCodeError, TransformError } from "../errors/request-errors";
import { ToolbeltError } from "../errors/toolbelt-error";
import { findCallback, mergeDefaults, readCallForm, resolveOptions, type ResolvedHttpOptions } from "./normalize-options";
import { nextHop, shouldFollow, type Hop } from "./redirects";
import { buildRequestBody } from "./request-body";
import { fullResponse } from "./response";
import type { FullResponse, HttpCallback, HttpClient, HttpClientOptions, HttpRequestFunction } from "./types";

export interface HttpClientDeps {
  /** The request core to send through (default: the process-wide one). */
  core?: () => RequestCore;
}

async function perform(resolved: ResolvedHttpOptions, core: RequestCore): Promise<FullResponse> {
  const startedAt = Date.now();
  const headers = { ...resolved.headers };
  const body = await buildRequestBody(resolved, headers);
  let hop: Hop = { url: resolved.url, method: resolved.method, headers, body };
  const originalHost = resolved.url.hostname;
  for (let redirects = 0; ; redirects++) {
    const response = await core.send({
      url: hop.url,
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      tls: resolved.tls,
      connectTimeoutMs: resolved.timeoutMs,
      readTimeoutMs: resolved.timeoutMs,
      signal: resolved.signal,
    });
    if (!shouldFollow(response, hop, resolved)) return fullResponse(response, resolved, hop.method, hop.headers, startedAt);
    if (redirects >= resolved.maxRedirects) {
      // request's message, with a stable code; hop.url never carries userinfo.
      throw new ToolbeltError("HTTPClient", ErrorCodes.Http.MaxRedirects, `Exceeded maxRedirects. Probably stuck in a redirect loop ${hop.url.href}`);
    }
    hop = nextHop(response, hop, resolved, originalHost);
  }
}

function notify(callback: HttpCallback | undefined, error: Error | null, response?: FullResponse): void {
  if (!callback) return;
  // Outside the promise chain, so an exception in the callback surfaces as it did with request.
  process.nextTick(() => callback(error, response, response?.body));
}

async function execute(options: HttpClientOptions, callback: HttpCallback | undefined, core: RequestCore): Promise<unknown> {
  let resolved: ResolvedHttpOptions;
  let response: FullResponse;
  try {
    resolved = resolveOptions(options);
    response = await perform(resolved, core);
  } catch (error) {
    notify(callback, error as Error);
    throw new RequestError(error, options);
  }
  notify(callback, null, response);
  const { transform, transform2xxOnly, resolveWithFullResponse } = resolved;
  const is2xx = /^2/.test(String(response.statusCode));
  if (resolved.simple && !is2xx) {
    if (transform && !transform2xxOnly) {
      let transformed: unknown;
      try {
        transformed = await transform(response.body, response, resolveWithFullResponse);
      } catch (error) {
        throw new TransformError(error, options, response);
      }
      throw new StatusCodeError(response.statusCode, response.body, options, transformed);
    }
    throw new StatusCodeError(response.statusCode, response.body, options, response);
  }
  if (transform && (is2xx || !transform2xxOnly)) {
    try {
      return await transform(response.body, response, resolveWithFullResponse);
    } catch (error) {
      throw new TransformError(error, options, response);
    }
  }
  return resolveWithFullResponse ? response : response.body;
}

/** One request with HTTPClient's semantics on a given core, without building a client (LpClient's path). */
export function sendHttpRequest(options: HttpClientOptions, core: RequestCore): Promise<unknown> {
  return execute(options, undefined, core);
}

const VERBS = { get: "GET", head: "HEAD", options: "OPTIONS", post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE", del: "DELETE" } as const;

export function createHttpClient(defaults: HttpClientOptions = {}, deps: HttpClientDeps = {}): HttpClient {
  const core = deps.core ?? getRequestCore;
  const withDefaults =
    (base: HttpClientOptions, forcedMethod?: string): HttpRequestFunction =>
    (...args: unknown[]) => {
      let form;
      try {
        form = readCallForm(base, args);
      } catch (error) {
        // request reported a bad call to its callback too.
        const callback = findCallback(args);
        notify(callback, error as Error);
        const rejected = Promise.reject(new RequestError(error, {}));
        if (callback) rejected.catch(() => undefined);
        return rejected;
      }
      // As with request's verb functions, `.post(...)` sends POST whatever method the options name.
      if (forcedMethod) form.options.method = forcedMethod;
      const promise = execute(form.options, form.callback, core());
      // With a callback the caller handles errors there; do not also raise an unhandled rejection.
      if (form.callback) promise.catch(() => undefined);
      return promise;
    };

  const client = withDefaults(defaults) as HttpClient;
  for (const [name, method] of Object.entries(VERBS)) {
    Object.defineProperty(client, name, { value: withDefaults(defaults, method), enumerable: true });
  }
  client.defaults = (options: HttpClientOptions) => {
    if (!options || typeof options !== "object") throw new TypeError("defaults() expects an options object");
    return createHttpClient(mergeDefaults(defaults, options), deps);
  };
  return client;
}
