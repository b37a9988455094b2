/**
 * Builds the bytes to send from request's body options, in request's order of
 * precedence: `formData` (multipart), `form` (URL-encoded), `json` with an
 * object body or a non-boolean `json` value, then a plain string/Buffer `body`.
 * Sets Content-Type when the caller did not.
 */
import { encodeMultipart } from "./multipart";
import { invalidOption, setHeaderIfAbsent, type ResolvedHttpOptions } from "./normalize-options";
import { stringifyQuery } from "./query";
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
    setHeaderIfAbsent(headers, "content-type", "application/x-www-form-urlencoded");
    if (typeof options.form === "string") return options.form;
    if (!options.form || typeof options.form !== "object") throw invalidOption("options.form must be an object or a string");
    return stringifyQuery(options.form, resolved);
  }
  const body = options.body;
  if (options.json !== undefined && options.json !== false && typeof options.json !== "boolean") {
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
