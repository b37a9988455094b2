/**
 * Reading request bodies: bounded in size, parsed as JSON once. Bad input
 * becomes a PlatformError (400, 413), never a 500.
 */
import type { IncomingMessage } from "node:http";
import { MAX_BODY_BYTES } from "../defaults";
import { badInput, PlatformError, PlatformErrorCodes } from "../errors";

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new PlatformError(PlatformErrorCodes.PayloadTooLarge, `The request body is ${declared} bytes; the limit is ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new PlatformError(PlatformErrorCodes.PayloadTooLarge, `The request body is over the limit of ${limit} bytes`);
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

/** An object body, or a bad-input error naming what was expected. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw badInput(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
