/**
 * `v2Fetch`: the V2 clients' only network door. It speaks `fetch` (a WHATWG
 * `Request` in, a `Response` out, `TypeError: fetch failed` with the network
 * error as `cause`, the signal's reason on abort) but sends every hop through
 * the toolbelt's request core, so V2 traffic gets V1's egress policy, rate
 * limit, proxies, keep-alive pools and TLS handling (verified unless a caller
 * sets `tls.rejectUnauthorized: false`; client certificates pooled per material).
 *
 * Bodies are serialised by `Request` itself (strings, bytes, Blob, FormData,
 * URLSearchParams, streams, with their content types) and buffered, as the core
 * sends whole bodies. Redirects are followed like fetch's default
 * (`redirect: "follow"`, at most 20 hops, each admitted again; 303 and a POST's
 * 301/302 become GET; credentials are dropped when the origin changes).
 */
import { getRequestCore, type CoreHeaders, type CoreResponse, type CoreTlsOptions } from "../../egress/request-core";
import { isPassThroughError } from "../errors/toolbelt-error";

export interface V2FetchInit extends RequestInit {
  /** Client certificate and trust for this request (PEM); `rejectUnauthorized` defaults to true. */
  tls?: { cert?: string | Buffer; key?: string | Buffer; ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Abort after this many ms with a `TimeoutError` DOMException (as `AbortSignal.timeout`). */
  timeoutMs?: number;
}

const MAX_REDIRECTS = 20;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

function headersOf(headers: Headers): CoreHeaders {
  const out: CoreHeaders = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

function toResponse(answer: CoreResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const body = NULL_BODY_STATUSES.has(answer.statusCode) ? null : answer.body;
  // The Response constructor takes 200–599 only, but fetch resolves whatever status a server sends, such
  // as the Functions gateway's 901 for a function that failed: build it in range, then show the real one.
  const constructible = answer.statusCode >= 200 && answer.statusCode <= 599;
  const response = new Response(body, { status: constructible ? answer.statusCode : 500, statusText: answer.statusMessage, headers });
  Object.defineProperty(response, "url", { value: answer.url.href });
  if (!constructible) {
    Object.defineProperty(response, "status", { value: answer.statusCode });
    Object.defineProperty(response, "ok", { value: false });
  }
  return response;
}

function tlsOf(init: V2FetchInit | undefined): CoreTlsOptions | undefined {
  const tls = init?.tls;
  if (!tls) return undefined;
  return { cert: tls.cert, key: tls.key, ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized ?? true };
}

function signalOf(init: V2FetchInit | undefined): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (init?.signal) signals.push(init.signal);
  if (init?.timeoutMs !== undefined) {
    if (!(typeof init.timeoutMs === "number" && init.timeoutMs > 0)) {
      throw new TypeError(`v2Fetch: timeoutMs must be a positive number of milliseconds, got ${String(init.timeoutMs)}`);
    }
    signals.push(AbortSignal.timeout(init.timeoutMs));
  }
  if (signals.length === 0) return undefined;
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}

/** Where a redirect answer sends us, and how (fetch's rules), or undefined when it is not followed. */
function nextHop(answer: CoreResponse, method: string): { url: URL; method: string; keepBody: boolean } | undefined {
  if (![301, 302, 303, 307, 308].includes(answer.statusCode)) return undefined;
  const location = answer.headers.location;
  const target = Array.isArray(location) ? location[0] : location;
  if (!target) return undefined;
  const url = new URL(target, answer.url);
  const toGet = answer.statusCode === 303 ? method !== "HEAD" : [301, 302].includes(answer.statusCode) && method === "POST";
  return { url, method: toGet ? "GET" : method, keepBody: !toGet };
}

function networkFailure(error: unknown): unknown {
  // Toolbelt errors (egress refusals) and abort reasons reach the caller as they are, like fetch's.
  if (isPassThroughError(error) || (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))) return error;
  return new TypeError("fetch failed", { cause: error });
}

/**
 * fetch on the toolbelt's egress path: resolves a `Response` for every status.
 * @throws TypeError `fetch failed` (network failure; `cause.code` is Node's code), the signal's reason
 *   (`TimeoutError` for `timeoutMs`), or the egress policy's ToolbeltError.
 */
export async function v2Fetch(url: string | URL, init?: V2FetchInit): Promise<Response> {
  const signal = signalOf(init);
  const { tls: _tls, timeoutMs: _timeoutMs, ...requestInit } = init ?? {};
  const request = new Request(url, { ...requestInit, signal: undefined, ...(requestInit.body ? { duplex: "half" } : {}) });
  let body: Buffer | null = request.body ? Buffer.from(await request.arrayBuffer()) : null;
  let headers = headersOf(request.headers);
  let method = request.method;
  let target = new URL(request.url);
  const tls = tlsOf(init);
  const core = getRequestCore();
  for (let hop = 0; ; hop++) {
    let answer: CoreResponse;
    try {
      answer = await core.send({ url: target, method, headers, body, tls, signal });
    } catch (error) {
      throw networkFailure(error);
    }
    const next = request.redirect === "follow" ? nextHop(answer, method) : undefined;
    if (!next) {
      if (request.redirect === "error" && [301, 302, 303, 307, 308].includes(answer.statusCode)) {
        throw new TypeError("fetch failed", { cause: new Error(`redirect mode is "error" and ${target.href} answered ${answer.statusCode}`) });
      }
      return toResponse(answer);
    }
    if (hop >= MAX_REDIRECTS) throw new TypeError("fetch failed", { cause: new Error(`more than ${MAX_REDIRECTS} redirects from ${request.url}`) });
    if (next.url.origin !== target.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)));
    }
    if (!next.keepBody) {
      body = null;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith("content-")));
    }
    method = next.method;
    target = next.url;
  }
}
