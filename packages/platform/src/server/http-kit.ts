/**
 * Small HTTP helpers for the platform's routers: bounded JSON body reading and
 * JSON answers. Bad input becomes a PlatformError, never a 500.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { badInput, PlatformError, PlatformErrorCodes } from "../errors";

/** The largest request body the platform accepts (the real platform documents none; 1 MiB is our choice). */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new PlatformError(413, PlatformErrorCodes.PayloadTooLarge, `The request body is ${declared} bytes; the limit is ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new PlatformError(413, PlatformErrorCodes.PayloadTooLarge, `The request body is over the limit of ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body parsed as JSON; an empty body is `undefined`. */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const body = await readBody(req, limit);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw badInput(`The request body is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body === undefined ? null : body), headers);
}

/** An answer whose body is already JSON text (e.g. a value as stored), sent without re-encoding. */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An object body, or a bad-input error naming what was expected. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badInput(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
