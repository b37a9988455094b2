/**
 * One HTTP exchange on a dispatcher, with no policy: the request core calls it
 * once a request is admitted. Timeouts are exact timers, as request's were:
 * `connectTimeoutMs` until the connection (TCP + TLS) is up → `ETIMEDOUT` with
 * `connect: true`; then `readTimeoutMs` of silence before the headers or between
 * body chunks → `ESOCKETTIMEDOUT`. An aborted signal abandons the exchange.
 */
import { STATUS_CODES } from "node:http";
import type { CoreHeaders, CoreRequest, CoreResponse } from "./core-types";
import { normaliseResponseHeaders } from "./headers";
import { toNetworkError } from "./network-errors";
import type { Dispatcher } from "./undici";

function timeoutError(code: "ETIMEDOUT" | "ESOCKETTIMEDOUT", connect: boolean): Error {
  return Object.assign(new Error(code), { code, connect });
}

/** Sends `request` with `headers` (its own, plus the platform's) through `dispatcher`; the whole body is buffered. */
export function exchange(dispatcher: Dispatcher, request: CoreRequest, headers: CoreHeaders): Promise<CoreResponse> {
  const url = request.url;
  return new Promise<CoreResponse>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let statusCode = 0;
    let statusMessage = "";
    let responseHeaders: Record<string, string | string[]> = {};
    let settled = false;
    let controller: { abort(reason: Error): void } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const abortReason = (): Error => (request.signal?.reason instanceof Error ? request.signal.reason : new Error("aborted"));
    const finish = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
      if (error) {
        // Abandon the exchange; if the connection is still opening, abort as soon as it is up.
        controller?.abort(error);
        reject(toNetworkError(error));
      } else resolve({ statusCode, statusMessage, headers: responseHeaders, body: Buffer.concat(chunks), url });
    };
    const onAbort = (): void => finish(abortReason());
    const arm = (ms: number | undefined, error: () => Error): void => {
      clearTimeout(timer);
      if (ms !== undefined) timer = setTimeout(() => finish(error()), ms);
    };
    const readTimeout = (): void => arm(request.readTimeoutMs, () => timeoutError("ESOCKETTIMEDOUT", false));
    if (request.signal?.aborted) return finish(abortReason());
    request.signal?.addEventListener("abort", onAbort, { once: true });
    arm(request.connectTimeoutMs, () => timeoutError("ETIMEDOUT", true));
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        body: request.body ?? null,
      },
      {
        onRequestStart(started) {
          // Called once the connection is up.
          controller = started;
          if (settled) started.abort(new Error("abandoned"));
          else readTimeout();
        },
        onResponseStart(_controller, code, rawHeaders, message) {
          statusCode = code;
          statusMessage = message || STATUS_CODES[code] || "";
          responseHeaders = normaliseResponseHeaders(rawHeaders);
          readTimeout();
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
          readTimeout();
        },
        onResponseEnd() {
          finish(undefined);
        },
        onResponseError(_controller, error) {
          finish(error);
        },
      },
    );
  });
}
