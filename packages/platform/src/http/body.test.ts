/** readJson's media types: JSON only, and JSON labelled text/plain where a route opts in. */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { PlatformErrorCodes } from "../errors";
import { readJson } from "./body";

function request(body: string, contentType?: string): IncomingMessage {
  const headers: Record<string, string> = { "content-length": String(Buffer.byteLength(body)) };
  if (contentType !== undefined) headers["content-type"] = contentType;
  return Object.assign(Readable.from([Buffer.from(body)]), { headers }) as unknown as IncomingMessage;
}

describe("readJson", () => {
  it("parses an application/json body", async () => {
    expect(await readJson(request('{"a":1}', "application/json; charset=utf-8"))).toEqual({ a: 1 });
  });

  it("refuses text/plain with 415 unless the route takes it", async () => {
    await expect(readJson(request('{"a":1}', "text/plain;charset=UTF-8"))).rejects.toMatchObject({ code: PlatformErrorCodes.UnsupportedMediaType });
    expect(await readJson(request('{"a":1}', "text/plain;charset=UTF-8"), undefined, { textPlain: true })).toEqual({ a: 1 });
  });

  it("still refuses other types, and bad JSON, where text/plain is taken", async () => {
    await expect(readJson(request("a=1", "application/x-www-form-urlencoded"), undefined, { textPlain: true })).rejects.toMatchObject({
      code: PlatformErrorCodes.UnsupportedMediaType,
    });
    await expect(readJson(request("not json", "text/plain"), undefined, { textPlain: true })).rejects.toMatchObject({ code: PlatformErrorCodes.BadInput });
  });
});
