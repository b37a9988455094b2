/**
 * What goes on the wire: qs (both flavours, merged with an existing query), and
 * every body option — string, Buffer, JSON, form, multipart. Multipart bodies
 * are parsed back with Node's own (undici) `Response.formData()`, an
 * implementation independent of ours.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestError } from "../../src/errors/request-errors";
import { startServer, type RecordedRequest, type TestServer } from "../helpers/servers";
import { freshClient } from "../helpers/toolbelt";

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer((_req, res) => void res.end("ok"));
  dir = mkdtempSync(join(tmpdir(), "http-client-bodies-"));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends one request and returns what the server received. */
async function sent(options: Record<string, unknown>): Promise<RecordedRequest> {
  const client = freshClient();
  await client({ uri: `${server.url}/target`, ...options });
  return server.requests.at(-1) as RecordedRequest;
}

async function multipart(request: RecordedRequest): Promise<FormData> {
  return new Response(request.body, { headers: { "content-type": String(request.headers["content-type"]) } }).formData();
}

describe("qs", () => {
  it("uses the qs library by default: nested arrays and objects, brackets percent-encoded", async () => {
    const request = await sent({ qs: { a: [1, 2], o: { k: "v" }, s: "x y!*'()" } });
    expect(request.url).toBe("/target?a%5B0%5D=1&a%5B1%5D=2&o%5Bk%5D=v&s=x%20y%21%2A%27%28%29");
    expect(decodeURIComponent(request.url)).toBe("/target?a[0]=1&a[1]=2&o[k]=v&s=x y!*'()");
  });

  it("uses Node's querystring with useQuerystring (a=1&a=2), RFC 3986-escaped", async () => {
    const request = await sent({ qs: { a: [1, 2], s: "it's (ok)*!" }, useQuerystring: true });
    expect(request.url).toBe("/target?a=1&a=2&s=it%27s%20%28ok%29%2A%21");
  });

  it("merges over an existing query, qs keys winning", async () => {
    const client = freshClient();
    await client(`${server.url}/q?x=1&y=2`, { qs: { y: "3", z: [4] } });
    expect(server.requests.at(-1)?.url).toBe("/q?x=1&y=3&z%5B0%5D=4");
    await client(`${server.url}/q?x=1&x=2`, { qs: { y: "3" }, useQuerystring: true });
    expect(server.requests.at(-1)?.url).toBe("/q?x=1&x=2&y=3");
    await client(`${server.url}/q?keep=1`, { qs: {} });
    expect(server.requests.at(-1)?.url).toBe("/q?keep=1");
  });

  it("passes qsStringifyOptions to the library (qs and querystring)", async () => {
    expect((await sent({ qs: { a: [1, 2] }, qsStringifyOptions: { arrayFormat: "repeat" } })).url).toBe("/target?a=1&a=2");
    expect((await sent({ qs: { a: [1, 2] }, qsStringifyOptions: { arrayFormat: "brackets", encode: false } })).url).toBe("/target?a[]=1&a[]=2");
    expect((await sent({ qs: { a: 1, b: 2 }, useQuerystring: true, qsStringifyOptions: { sep: ";", eq: ":" } })).url).toBe("/target?a:1;b:2");
  });
});

describe("body", () => {
  it("sends a string or a Buffer as given", async () => {
    const text = await sent({ method: "POST", body: "plain text ünïcode" });
    expect(text.body.toString("utf8")).toBe("plain text ünïcode");
    expect(text.headers["content-length"]).toBe(String(Buffer.byteLength("plain text ünïcode")));
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    expect((await sent({ method: "PUT", body: bytes })).body.equals(bytes)).toBe(true);
  });

  it("sends an object (or array) body as JSON with json: true, with content-type and accept", async () => {
    const request = await sent({ method: "POST", body: { a: 1, nested: { b: [true, null] } }, json: true });
    expect(JSON.parse(request.body.toString())).toEqual({ a: 1, nested: { b: [true, null] } });
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.accept).toBe("application/json");
    expect(JSON.parse((await sent({ method: "POST", body: [1, 2], json: true })).body.toString())).toEqual([1, 2]);
    // As request: json: true serialises a string body too.
    expect((await sent({ method: "POST", body: "abc", json: true })).body.toString()).toBe('"abc"');
  });

  it("keeps the caller's Content-Type and Accept, and applies jsonReplacer", async () => {
    const request = await sent({
      method: "POST",
      body: { keep: 1, drop: 2 },
      json: true,
      headers: { "Content-Type": "application/vnd.api+json", Accept: "text/plain" },
      jsonReplacer: (key: string, value: unknown) => (key === "drop" ? undefined : value),
    });
    expect(request.headers["content-type"]).toBe("application/vnd.api+json");
    expect(request.headers.accept).toBe("text/plain");
    expect(request.body.toString()).toBe('{"keep":1}');
  });

  it("sends a non-boolean json value as the body (request's json(val)), and ignores a falsy json", async () => {
    const request = await sent({ method: "POST", json: { from: "json" }, body: "ignored" });
    expect(request.body.toString()).toBe('{"from":"json"}');
    const falsy = await sent({ method: "POST", json: null, body: "raw" });
    expect(falsy.body.toString()).toBe("raw");
    expect(falsy.headers.accept).toBeUndefined();
  });

  it("rejects an object body without json", async () => {
    const client = freshClient();
    const error = await client({ uri: server.url, method: "POST", body: { a: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(String(error)).toContain("options.body");
  });
});

describe("form", () => {
  it("URL-encodes an object (qs format) with its content type", async () => {
    const request = await sent({ method: "POST", form: { name: "a b", list: ["x", "y"], "odd!": "(1)" } });
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.body.toString()).toBe("name=a%20b&list%5B0%5D=x&list%5B1%5D=y&odd%21=%281%29");
  });

  it("uses querystring with useQuerystring, sends a string form RFC 3986-escaped, and always sends a form content type", async () => {
    expect((await sent({ method: "POST", form: { list: ["x", "y"] }, useQuerystring: true })).body.toString()).toBe("list=x&list=y");
    const ready = await sent({ method: "POST", form: "a=1&b=it's", headers: { "Content-Type": "text/plain" } });
    expect(ready.body.toString()).toBe("a=1&b=it%27s");
    expect(ready.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const charset = await sent({ method: "POST", form: { a: 1 }, headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } });
    expect(charset.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
  });

  it("still parses a JSON response with json: true", async () => {
    const jsonServer = await startServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ received: req.body.toString() }));
    });
    try {
      const client = freshClient();
      const body = await client.post<{ received: string }>(jsonServer.url, { form: { a: 1 }, json: true });
      expect(body.received).toBe("a=1");
      expect(jsonServer.requests[0]?.headers.accept).toBe("application/json");
    } finally {
      await jsonServer.close();
    }
  });
});

describe("formData", () => {
  it("sends fields, a file stream, Buffers with filename/contentType, and arrays as repeated parts", async () => {
    const path = join(dir, "report.csv");
    writeFileSync(path, "a,b\n1,2\n");
    const request = await sent({
      method: "POST",
      formData: {
        field: "value",
        count: 3,
        file: createReadStream(path),
        image: { value: Buffer.from([137, 80, 78, 71]), options: { filename: "pixel.png", contentType: "image/x-custom" } },
        raw: Buffer.from("bytes"),
        named: { value: Buffer.from("{}"), options: "data.json" },
        many: ["one", "two", Buffer.from("three")],
      },
    });
    expect(String(request.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=-+[0-9a-f]{24}$/);
    expect(request.headers["content-length"]).toBe(String(request.body.length));
    const form = await multipart(request);
    expect(form.get("field")).toBe("value");
    expect(form.get("count")).toBe("3");

    const file = form.get("file") as File;
    expect(file.name).toBe("report.csv");
    expect(file.type).toBe("text/csv");
    expect(await file.text()).toBe("a,b\n1,2\n");

    const image = form.get("image") as File;
    expect(image.name).toBe("pixel.png");
    expect(image.type).toBe("image/x-custom");
    expect(Buffer.from(await image.arrayBuffer())).toEqual(Buffer.from([137, 80, 78, 71]));

    // A Buffer without a filename is a binary part, as form-data sent it.
    expect(request.body.toString("latin1")).toMatch(/name="raw"\r\nContent-Type: application\/octet-stream\r\n\r\nbytes\r\n/);

    const named = form.get("named") as File;
    expect([named.name, named.type]).toEqual(["data.json", "application/json"]);

    // A part without a filename parses as text (WHATWG), whatever its Content-Type.
    expect(form.getAll("many")).toEqual(["one", "two", "three"]);
    expect(request.body.toString("latin1")).toMatch(/name="many"\r\nContent-Type: application\/octet-stream\r\n\r\nthree\r\n/);
  });

  it("rejects an unusable field value", async () => {
    const client = freshClient();
    const error = await client.post(server.url, { formData: { bad: null as never } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(String(error)).toContain('formData field "bad"');
  });
});
