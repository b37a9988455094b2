/**
 * Builds the bytes to send from request's body options, in request's order of
 * precedence: `formData` (multipart), `form` (URL-encoded), `json` with an
 * object body or a non-boolean `json` value, then a plain string/Buffer `body`.
 * Sets Content-Type when the caller did not.
 */
import { encodeMultipart } from "./multipart";
import { findHeader, invalidOption, removeHeader, setHeaderIfAbsent, type ResolvedHttpOptions } from "./normalize-options";
import { rfc3986, stringifyQuery } from "./query";
import type { HttpClientOptions } from "./types";

export type RequestBody = string | Buffer | null;

function jsonText(value: unknown, replacer: HttpClientOptions["jsonReplacer"]): string {
  try {
    return JSON.stringify(value, replacer as (key: string, value: unknown) => unknown);
  } catch (error) {
    throw invalidOption(`options.body cannot be sent as JSON: ${(error as Error).message}`);
  }
}

export async function buildRequestBody(resolved: ResolvedHttpOptions, headers: Record<string, string | string[]>): Promise<RequestBody> {
  const options = resolved.original;
  if (options.formData !== undefined) {
    const { body, contentType } = await encodeMultipart(options.formData);
    setHeaderIfAbsent(headers, "content-type", contentType);
    return body;
  }
  if (options.form !== undefined) {
    if (typeof options.form !== "string" && (!options.form || typeof options.form !== "object")) {
      throw invalidOption("options.form must be an object or a string");
    }
    // request replaced any other Content-Type: a form body is always sent as one.
    const current = findHeader(headers, "content-type");
    const value = current === undefined ? undefined : headers[current];
    if (typeof value !== "string" || !/^application\/x-www-form-urlencoded\b/i.test(value)) {
      removeHeader(headers, "content-type");
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    // A ready string is RFC 3986-escaped (`!'()*`), as request did.
    return typeof options.form === "string" ? rfc3986(options.form) : stringifyQuery(options.form, resolved);
  }
  const body = options.body;
  // `json` with a value other than true/false is itself the body (request's `json(val)`).
  if (resolved.json && typeof options.json !== "boolean") {
    setHeaderIfAbsent(headers, "content-type", "application/json");
    return jsonText(options.json, options.jsonReplacer);
  }
  if (body === undefined || body === null) return null;
  const bytes = Buffer.isBuffer(body) ? body : body instanceof Uint8Array ? Buffer.from(body) : undefined;
  if (resolved.json) {
    setHeaderIfAbsent(headers, "content-type", "application/json");
    // As request did, `json: true` serialises a string body too ("abc" is sent as "\"abc\""); bytes go as they are.
    return bytes ?? jsonText(body, options.jsonReplacer);
  }
  if (typeof body === "string") return body;
  if (bytes) return bytes;
  throw invalidOption("Argument error, options.body: give a string or a Buffer, or set json: true to send an object as JSON");
}
