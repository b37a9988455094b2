import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlatformError, PlatformErrorCodes } from "../errors";
import { createAdminClient } from "./admin-client";
import { PlatformApiError } from "./platform-api-error";
import { invokeBody } from "./start-platform";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("the kit's admin client", () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  /** What the server answers next: status and body text. */
  let next: { status: number; body: string } = { status: 200, body: "{}" };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(next.status, { "content-type": "application/json" }).end(next.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the admin token, and a JSON body with its content type", async () => {
    next = { status: 201, body: '{"key":"k","value":1}' };
    const answer = await createAdminClient(url, "t".repeat(40)).request<{ key: string }>("POST", "/_platform/secrets", { body: { key: "k", value: 1 } });
    expect(answer).toMatchObject({ status: 201, body: { key: "k", value: 1 } });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: "POST", url: "/_platform/secrets", body: '{"key":"k","value":1}' });
    expect(request.headers.authorization).toBe(`Bearer ${"t".repeat(40)}`);
    expect(request.headers["content-type"]).toBe("application/json");
  });

  it("sends no content type without a body, and reads an empty answer as undefined", async () => {
    next = { status: 204, body: "" };
    const answer = await createAdminClient(url, "token").request("DELETE", "/_platform/secrets/k");
    expect(answer.body).toBeUndefined();
    expect(seen.at(-1)!.headers["content-type"]).toBeUndefined();
  });

  it("turns an error answer into a PlatformApiError with the platform's code and status", async () => {
    next = { status: 404, body: JSON.stringify({ code: PlatformErrorCodes.SecretNotFound, message: "no secret k" }) };
    const error = await createAdminClient(url, "token")
      .request("GET", "/_platform/secrets/k")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ name: "PlatformApiError", code: PlatformErrorCodes.SecretNotFound, status: 404, message: "no secret k" });
  });

  it("answers a status it was told to accept as it came", async () => {
    next = { status: 404, body: JSON.stringify({ code: PlatformErrorCodes.NotFound, message: "gone" }) };
    const answer = await createAdminClient(url, "token").request("GET", "/x", { accept: [404] });
    expect(answer).toMatchObject({ status: 404, body: { code: PlatformErrorCodes.NotFound } });
  });

  it("keeps a code the catalogue does not know in the message, under the general code", async () => {
    next = { status: 500, body: "not json" };
    const plain = await createAdminClient(url, "token")
      .request("GET", "/x")
      .catch((e: unknown) => e);
    expect(plain).toMatchObject({ code: PlatformErrorCodes.General, status: 500, message: "GET /x answered HTTP 500" });
    next = { status: 418, body: JSON.stringify({ code: "com.example.teapot", message: "short and stout" }) };
    const unknown = await createAdminClient(url, "token")
      .request("GET", "/x")
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: PlatformErrorCodes.General, status: 418, message: "short and stout (com.example.teapot)" });
  });

  it("is platform-unreachable, status 0, when nothing answers", async () => {
    const error = await createAdminClient("http://127.0.0.1:1", "token")
      .request("GET", "/x")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: PlatformErrorCodes.PlatformUnreachable, status: 0 });
  });
});

describe("the invoke body", () => {
  it("carries the payload and headers, and `event` only when given", () => {
    expect(invokeBody({ a: 1 }, {})).toEqual({ payload: { a: 1 }, headers: [] });
    expect(invokeBody(null, { event: "controllerbot_messaging_new_conversation", headers: { x: "1" } })).toEqual({
      payload: null,
      headers: { x: "1" },
      event: "controllerbot_messaging_new_conversation",
    });
  });
});
