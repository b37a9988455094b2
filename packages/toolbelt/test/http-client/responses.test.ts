/**
 * What the promise resolves: `simple`, `resolveWithFullResponse`, JSON parsing,
 * gzip/deflate, `encoding`, `transform` / `transform2xxOnly` — request-promise
 * 4.2's plumbing on request 2.88's body handling.
 */
import { deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError, StatusCodeError, TransformError } from "../../src/errors/request-errors";
import type { FullResponse } from "../../src/http/types";
import { startServer, type TestServer } from "../helpers/servers";
import { freshClient } from "../helpers/toolbelt";

const PAYLOAD = { hello: "wörld", list: [1, 2, 3] };

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    const accepts = String(req.headers["accept-encoding"] ?? "");
    switch (path) {
      case "/json":
        res.setHeader("content-type", "application/json");
        return void res.end(JSON.stringify(PAYLOAD));
      case "/text":
        return void res.end("not json {");
      case "/empty":
        res.statusCode = 204;
        return void res.end();
      case "/bom":
        return void res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":true}')]));
      case "/latin1":
        return void res.end(Buffer.from("café", "latin1"));
      case "/gzip":
        if (!accepts.includes("gzip")) return void res.end("identity");
        res.setHeader("content-encoding", "gzip");
        return void res.end(gzipSync(JSON.stringify(PAYLOAD)));
      case "/deflate":
        res.setHeader("content-encoding", "deflate");
        return void res.end(deflateSync("zlib-wrapped deflate"));
      case "/deflate-raw":
        res.setHeader("content-encoding", "deflate");
        return void res.end(deflateRawSync("raw deflate"));
      case "/status": {
        const code = Number(new URLSearchParams(req.url?.split("?")[1]).get("code"));
        res.statusCode = code;
        res.setHeader("content-type", "application/json");
        return void res.end(JSON.stringify({ code }));
      }
      case "/plain-error":
        res.statusCode = 500;
        return void res.end("Internal trouble");
      default:
        res.statusCode = 404;
        return void res.end();
    }
  });
});
afterAll(() => server.close());

describe("simple and resolveWithFullResponse", () => {
  it("resolves the body by default, and the full response with resolveWithFullResponse", async () => {
    const client = freshClient();
    expect(await client(`${server.url}/text`)).toBe("not json {");
    const full = await client<FullResponse>(`${server.url}/text`, { resolveWithFullResponse: true });
    expect(full).toMatchObject({ statusCode: 200, statusMessage: "OK", body: "not json {" });
  });

  it("rejects non-2xx with StatusCodeError (statusCode, error = body, message, response, options)", async () => {
    const client = freshClient();
    for (const code of [302, 400, 404, 500, 503]) {
      const error = (await client(`${server.url}/status?code=${code}`, { json: true, followRedirect: false }).catch((e: unknown) => e)) as StatusCodeError;
      expect(error).toBeInstanceOf(StatusCodeError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("StatusCodeError");
      expect(error.statusCode).toBe(code);
      expect(error.error).toEqual({ code });
      expect(error.message).toBe(`${code} - ${JSON.stringify({ code })}`);
      expect((error.response as FullResponse).statusCode).toBe(code);
      expect(error.options.uri).toBe(`${server.url}/status?code=${code}`);
    }
    const plain = (await client(`${server.url}/plain-error`).catch((e: unknown) => e)) as StatusCodeError;
    expect(plain.message).toBe('500 - "Internal trouble"');
    expect(plain.error).toBe("Internal trouble");
    expect(String(plain)).toBe('StatusCodeError: 500 - "Internal trouble"');
  });

  it("resolves non-2xx with simple: false", async () => {
    const client = freshClient();
    expect(await client(`${server.url}/status?code=500`, { simple: false, json: true })).toEqual({ code: 500 });
    const full = await client<FullResponse>(`${server.url}/status?code=404`, { simple: false, resolveWithFullResponse: true });
    expect(full.statusCode).toBe(404);
  });

  it("treats every 2xx as success", async () => {
    const client = freshClient();
    expect(await client(`${server.url}/status?code=201`, { json: true })).toEqual({ code: 201 });
    expect(await client(`${server.url}/status?code=299`, { json: true })).toEqual({ code: 299 });
  });
});

describe("json", () => {
  it("parses a JSON response, leaves a non-JSON response a string, and gives undefined for an empty one", async () => {
    const client = freshClient();
    expect(await client(`${server.url}/json`, { json: true })).toEqual(PAYLOAD);
    expect(await client(`${server.url}/text`, { json: true })).toBe("not json {");
    expect(await client(`${server.url}/empty`, { json: true })).toBeUndefined();
    expect(await client(`${server.url}/empty`)).toBe("");
  });

  it("applies jsonReviver, strips a UTF-8 BOM, and leaves the body a string without json", async () => {
    const client = freshClient();
    const revived = await client(`${server.url}/json`, { json: true, jsonReviver: (key: string, value: unknown) => (key === "hello" ? "revived" : value) });
    expect(revived).toMatchObject({ hello: "revived" });
    expect(await client(`${server.url}/bom`, { json: true })).toEqual({ bom: true });
    expect(await client(`${server.url}/json`)).toBe(JSON.stringify(PAYLOAD));
  });
});

describe("gzip and encoding", () => {
  it("asks for gzip, deflate with gzip: true and decodes gzip and both deflate flavours", async () => {
    const client = freshClient();
    expect(await client(`${server.url}/gzip`, { gzip: true, json: true })).toEqual(PAYLOAD);
    expect(server.requests.at(-1)?.headers["accept-encoding"]).toBe("gzip, deflate");
    expect(await client(`${server.url}/deflate`, { gzip: true })).toBe("zlib-wrapped deflate");
    expect(await client(`${server.url}/deflate-raw`, { gzip: true })).toBe("raw deflate");
    const full = await client<FullResponse>(`${server.url}/gzip`, { gzip: true, resolveWithFullResponse: true });
    // As request: the header stays, the body is decoded.
    expect(full.headers["content-encoding"]).toBe("gzip");
  });

  it("does not decode without gzip: true (the bytes arrive as sent)", async () => {
    const client = freshClient();
    const raw = await client<Buffer>(`${server.url}/deflate`, { encoding: null });
    expect(Buffer.isBuffer(raw)).toBe(true);
    expect(raw.equals(deflateSync("zlib-wrapped deflate"))).toBe(true);
  });

  it("resolves a Buffer with encoding: null (empty → empty Buffer) and decodes other encodings", async () => {
    const client = freshClient();
    const buffer = await client<Buffer>(`${server.url}/latin1`, { encoding: null });
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(buffer.equals(Buffer.from("café", "latin1"))).toBe(true);
    const empty = await client<Buffer>(`${server.url}/empty`, { encoding: null });
    expect(Buffer.isBuffer(empty) && empty.length === 0).toBe(true);
    expect(await client(`${server.url}/latin1`, { encoding: "latin1" })).toBe("café");
    const gz = await client<Buffer>(`${server.url}/gzip`, { encoding: null, gzip: true });
    expect(JSON.parse(gz.toString())).toEqual(PAYLOAD);
    // json with a Buffer body: request JSON.parse'd the Buffer.
    expect(await client(`${server.url}/json`, { encoding: null, json: true })).toEqual(PAYLOAD);
  });

  it("rejects an unknown encoding name", async () => {
    const client = freshClient();
    const error = await client(`${server.url}/text`, { encoding: "klingon" as BufferEncoding }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
  });
});

describe("transform", () => {
  it("transforms the body, gets (body, response, resolveWithFullResponse), may be async", async () => {
    const client = freshClient();
    const calls: unknown[][] = [];
    const result = await client(`${server.url}/json`, {
      json: true,
      resolveWithFullResponse: true,
      transform: async (body: unknown, response: FullResponse, full: boolean) => {
        calls.push([body, response.statusCode, full]);
        return { wrapped: body };
      },
    });
    expect(result).toEqual({ wrapped: PAYLOAD });
    expect(calls).toEqual([[PAYLOAD, 200, true]]);
  });

  it("transforms non-2xx responses too, into the StatusCodeError's response, unless transform2xxOnly", async () => {
    const client = freshClient();
    const transform = (body: unknown) => ({ transformed: body });
    const error = (await client(`${server.url}/status?code=404`, { json: true, transform }).catch((e: unknown) => e)) as StatusCodeError;
    expect(error).toBeInstanceOf(StatusCodeError);
    expect(error.error).toEqual({ code: 404 });
    expect(error.response).toEqual({ transformed: { code: 404 } });

    const only2xx = (await client(`${server.url}/status?code=404`, { json: true, transform, transform2xxOnly: true }).catch(
      (e: unknown) => e,
    )) as StatusCodeError;
    expect((only2xx.response as FullResponse).statusCode).toBe(404);

    expect(await client(`${server.url}/status?code=404`, { json: true, simple: false, transform })).toEqual({ transformed: { code: 404 } });
    const untouched = await client<FullResponse>(`${server.url}/status?code=404`, {
      simple: false,
      transform,
      transform2xxOnly: true,
      resolveWithFullResponse: true,
    });
    expect(untouched.statusCode).toBe(404);
  });

  it("rejects with TransformError when transform throws", async () => {
    const client = freshClient();
    const error = (await client(`${server.url}/json`, {
      transform: () => {
        throw new Error("cannot transform");
      },
    }).catch((e: unknown) => e)) as TransformError;
    expect(error).toBeInstanceOf(TransformError);
    expect(error.message).toBe("Error: cannot transform");
    expect((error.response as FullResponse).statusCode).toBe(200);
  });
});
