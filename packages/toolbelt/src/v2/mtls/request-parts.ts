/**
 * What MTLSClient and LPMtlsClient share: checking the caller's URL, headers,
 * body and options (bad ones → `mtls.invalid-request`, nothing sent), reading
 * the answer into `{ statusCode, headers, body }`, and turning a failure into an
 * `MTLSError` (`mtls.request-timeout`, `mtls.general-issue`; toolbelt errors pass
 * through unchanged). Messages name the origin only, never PEM text.
 */
import { ErrorCodes } from "../errors/codes";
import { isPassThroughError, toV2Error } from "../errors/toolbelt-error";
import { MTLSError, type MtlsComponent } from "./mtls-error";
import type { FetchBody, MtlsBody, MtlsHeaders, MtlsOptions, MtlsResponse } from "./types";

function badRequest(component: MtlsComponent, message: string, cause?: unknown): MTLSError {
  return new MTLSError(component, ErrorCodes.Mtls.BadRequest, message, cause === undefined ? {} : { cause });
}

/** An absolute http(s) URL (https only when `httpsOnly`). */
export function checkUrl(component: MtlsComponent, raw: unknown, httpsOnly: boolean): URL {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw badRequest(component, `The URL must be an absolute https:// URL, got ${JSON.stringify(String(raw).slice(0, 80))}.`);
  }
  const allowed = httpsOnly ? ["https:"] : ["https:", "http:"];
  if (!allowed.includes(url.protocol)) throw badRequest(component, `The URL must use ${allowed.join(" or ")}, not "${url.protocol}".`);
  return url;
}

/** The options object, checked: `timeout` must be a positive number of ms. */
export function checkOptions(component: MtlsComponent, options: unknown): MtlsOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw badRequest(component, "options must be an object { timeout?, json?, allowSelfSigned? }.");
  const checked = options as MtlsOptions;
  const { timeout } = checked;
  if (timeout !== undefined && !(typeof timeout === "number" && Number.isFinite(timeout) && timeout > 0)) {
    throw badRequest(component, `options.timeout must be a positive number of milliseconds, got ${String(timeout)}.`);
  }
  return checked;
}

/** A fresh copy of the caller's headers (the caller's object is never written). */
export function copyHeaders(component: MtlsComponent, headers: MtlsHeaders | undefined): Headers {
  if (headers === undefined || headers === null) return new Headers();
  if (typeof headers !== "object") throw badRequest(component, "headers must be an object of header names to values.");
  try {
    const copy = new Headers();
    const entries: Iterable<[string, unknown]> = headers instanceof Headers ? headers.entries() : Object.entries(headers);
    for (const [name, value] of entries) {
      if (value === undefined || value === null) continue;
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw badRequest(component, `header ${JSON.stringify(name)} must be a string, got ${typeof value}.`);
      }
      copy.set(name, String(value));
    }
    return copy;
  } catch (error) {
    if (error instanceof MTLSError) throw error;
    throw badRequest(component, `headers hold an invalid name or value: ${(error as Error).message}`, error);
  }
}

function isFetchBody(body: unknown): body is FetchBody {
  return (
    typeof body === "string" ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof FormData ||
    body instanceof URLSearchParams ||
    body instanceof ReadableStream
  );
}

/** The body to send: JSON text with `json` (a string as it is), else a body fetch can send; `null` for none. */
export function encodeBody(component: MtlsComponent, body: MtlsBody, json: boolean): FetchBody | null {
  if (body === undefined || body === null) return null;
  if (json && typeof body !== "string" && !isFetchBody(body)) {
    let text: string | undefined;
    try {
      text = JSON.stringify(body);
    } catch (error) {
      throw badRequest(component, `The body could not be serialised as JSON: ${(error as Error).message}`, error);
    }
    if (text === undefined) throw badRequest(component, "The body could not be serialised as JSON.");
    return text;
  }
  if (isFetchBody(body)) return body;
  throw badRequest(
    component,
    "The body must be a string, Blob, ArrayBuffer (or a view such as a Buffer), FormData, URLSearchParams or ReadableStream; pass { json: true } to send an object as JSON.",
  );
}

/** Response headers as a plain object with lower-case names. */
export function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** The answer's text, as JSON when `json` and it parses. */
export function parseBody(text: string, json: boolean): unknown {
  if (!json || text === "") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `{ statusCode, headers, body }` of an answer; `body` undefined when `withBody` is false. */
export async function readAnswer(response: Response, json: boolean, withBody: boolean): Promise<MtlsResponse & { text: string }> {
  const text = await response.text();
  // undici frees the connection one macrotask after the answer ends; yielding lets the
  // caller's next sequential request reuse it instead of opening another.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const answer: MtlsResponse & { text: string } = { statusCode: response.status, headers: plainHeaders(response.headers), text };
  if (withBody) answer.body = parseBody(text, json);
  return answer;
}

/** What a failed request rejects with: toolbelt errors unchanged, the timeout as `mtls.request-timeout`, the rest `mtls.general-issue`. */
export function requestFailure(component: MtlsComponent, error: unknown, url: URL, timeout: number | undefined): Error {
  if (isPassThroughError(error)) return toV2Error(error) as Error;
  if (error instanceof Error && error.name === "TimeoutError") {
    return new MTLSError(component, ErrorCodes.Mtls.Timeout, `The request to ${url.origin} did not finish within ${timeout} ms.`, { cause: error });
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? `${cause.code}: ` : "";
  const detail = typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : String(error);
  return new MTLSError(component, ErrorCodes.Mtls.General, `The request to ${url.origin} failed: ${code}${detail}`, { cause: error });
}
