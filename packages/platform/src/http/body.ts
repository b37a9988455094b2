/**
 * Reading request bodies: bounded in size, parsed as JSON once, bounded in
 * nesting depth. Bad input becomes a PlatformError (400, 413, 415), never a 500.
 *
 * The depth bound is what makes every parsed body safe to pass on: a value at
 * most MAX_JSON_DEPTH deep can be serialised again (answers, the invocation
 * log, the IPC channel to a worker) without running out of stack, which a
 * 10 KB body of 5,000 nested arrays otherwise does.
 */
import type { IncomingMessage } from "node:http";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "../defaults";
import { badInput, PlatformError, PlatformErrorCodes } from "../errors";

const tooLarge = (message: string): PlatformError => new PlatformError(PlatformErrorCodes.PayloadTooLarge, message);

/**
 * The body, at most `limit` bytes. Over the limit it stops reading and throws a
 * 413; the error answer then closes the connection (error-response.ts) rather
 * than draining an upload that may never end.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(`The request body is ${declared} bytes; the limit is ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(`The request body is over the limit of ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** True when the request announces a body (a length above 0, or chunked transfer). */
function hasBody(req: IncomingMessage): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const length = Number(req.headers["content-length"] ?? 0);
  return !Number.isFinite(length) || length > 0;
}

/** `application/json` or a `+json` type, parameters (charset) allowed. */
export function isJsonMediaType(header: string | undefined): boolean {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type !== undefined && (type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type));
}

/**
 * The deepest nesting of `[` and `{` in JSON text, stopping as soon as it
 * passes `max` (strings are skipped, so brackets inside them do not count).
 */
export function jsonDepthOver(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Options of `readJson`. */
export interface ReadJsonOptions {
  /**
   * Also take JSON sent as `text/plain`, what fetch labels a string body with. Only for routes that
   * authenticate the caller with an `Authorization` header first (the LivePerson APIs): a browser cannot
   * send that header cross-site without a preflight, so the CSRF reason for 415 does not apply.
   */
  textPlain?: boolean;
}

/** `text/plain`, parameters (charset) allowed. */
function isTextPlain(header: string | undefined): boolean {
  return header?.split(";")[0]?.trim().toLowerCase() === "text/plain";
}

/**
 * The body parsed as JSON; an empty body is `undefined`. A body must come with
 * `Content-Type: application/json` (415 otherwise): no browser sends that
 * cross-site without a CORS preflight, which the platform never grants.
 */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES, options: ReadJsonOptions = {}): Promise<unknown> {
  const type = req.headers["content-type"];
  if (hasBody(req) && !isJsonMediaType(type) && !(options.textPlain && isTextPlain(type))) {
    const given = req.headers["content-type"];
    throw new PlatformError(
      PlatformErrorCodes.UnsupportedMediaType,
      `The request body must be sent with Content-Type: application/json${given ? ` (it was ${JSON.stringify(given.slice(0, 100))})` : " (it had none)"}`,
    );
  }
  const body = await readBody(req, limit);
  if (body.length === 0) return undefined;
  const text = body.toString("utf8");
  if (jsonDepthOver(text, MAX_JSON_DEPTH)) {
    throw badInput(`The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; flatten it to at most ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badInput(`The request body is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** An object body, or a bad-input error naming what was expected. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badInput(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
