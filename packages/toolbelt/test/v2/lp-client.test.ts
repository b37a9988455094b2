/** The V2 LpClient against real CSDS, Sentinel and API stand-ins (spec v2 §4, B1, B2). */
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/v2/errors/codes";
import { LpServices } from "../../src/v2/enums/lp-services";
import { createLpClient } from "../../src/v2/lp-client/lp-client";
import { CLIENT, startFakeLivePerson, type FakeLivePerson } from "./fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "./v2-env";

let fake: FakeLivePerson;
beforeAll(async () => {
  fake = await startFakeLivePerson();
});
afterAll(() => fake.close());
beforeEach(() => useV2Environment(fake));
afterEach(() => {
  clearV2Environment();
  fake.reset();
});

const apiRequests = () => fake.requestsTo("/api/v1/");

describe("V2 LpClient", () => {
  it("sends path to the service's host with a Bearer token and resolves the Response", async () => {
    const lpClient = createLpClient();
    const response = await lpClient(LpServices.MSG_HIST, "/api/v1/thing?x=1", { method: "POST", body: "hello", headers: { "content-type": "text/plain" } });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(echoed).toMatchObject({ method: "POST", url: "/api/v1/thing?x=1", body: "hello" });
    expect(echoed.headers.authorization).toBe(`Bearer ${fake.issued.at(-1)}`);
    expect(echoed.headers["content-type"]).toBe("text/plain");
  });

  it("B1: after a 401 it re-reads the secret, gets a new token and resends WITH the new token", async () => {
    const lpClient = createLpClient();
    await (await lpClient("msgHist", "/api/v1/warm-up")).text();
    const stale = fake.issued.at(-1)!;
    fake.live.delete(stale);
    const secretReads = fake.requestsTo("/_platform/secrets/").length;
    const response = await lpClient("msgHist", "/api/v1/after-revoke", { method: "PUT", body: "same body" });
    expect(response.status).toBe(200);
    const [refused, resent] = fake.requestsTo("/api/v1/after-revoke");
    expect(refused!.headers.authorization).toBe(`Bearer ${stale}`);
    expect(resent!.headers.authorization).toBe(`Bearer ${fake.issued.at(-1)}`);
    expect(resent!.headers.authorization).not.toBe(refused!.headers.authorization);
    expect(resent!.body.toString()).toBe("same body");
    expect(fake.requestsTo("/_platform/secrets/").length).toBe(secretReads + 1);
  });

  it("B1: a stream body is sent again on the resend", async () => {
    const lpClient = createLpClient();
    await (await lpClient("msgHist", "/api/v1/warm-up")).text();
    fake.live.delete(fake.issued.at(-1)!);
    const body = Readable.toWeb(Readable.from([Buffer.from("chunk-1 "), Buffer.from("chunk-2")])) as ReadableStream;
    const response = await lpClient("msgHist", "/api/v1/stream", { method: "POST", body });
    expect(response.status).toBe(200);
    expect(fake.requestsTo("/api/v1/stream").map((r) => r.body.toString())).toEqual(["chunk-1 chunk-2", "chunk-1 chunk-2"]);
  });

  it("a second 401 is the caller's Response (one resend only)", async () => {
    fake.api = (_req, res) => {
      res.statusCode = 401;
      res.end("still no");
    };
    const response = await createLpClient()("msgHist", "/api/v1/always-401");
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("still no");
    expect(fake.requestsTo("/api/v1/always-401")).toHaveLength(2);
  });

  it("B2: options may be omitted (GET), and every status resolves", async () => {
    fake.api = (req, res) => {
      res.statusCode = req.url?.includes("missing") ? 404 : 500;
      res.end(req.method);
    };
    const lpClient = createLpClient();
    const missing = await lpClient("msgHist", "/api/v1/missing");
    expect([missing.status, await missing.text()]).toEqual([404, "GET"]);
    expect((await lpClient("msgHist", "/api/v1/boom")).status).toBe(500);
  });

  it("B2: caller headers are kept as Headers, as pairs and as an object; the caller's objects are not changed", async () => {
    const lpClient = createLpClient();
    const asHeaders = new Headers({ "x-one": "1" });
    const asPairs: [string, string][] = [["x-two", "2"]];
    const asObject = { "x-three": "3", Authorization: "Basic caller" };
    await lpClient("msgHist", "/api/v1/h1", { headers: asHeaders });
    await lpClient("msgHist", "/api/v1/h2", { headers: asPairs });
    await lpClient("msgHist", "/api/v1/h3", { headers: asObject });
    const [h1, h2, h3] = ["/api/v1/h1", "/api/v1/h2", "/api/v1/h3"].map((p) => fake.requestsTo(p)[0]!.headers);
    expect(h1!["x-one"]).toBe("1");
    expect(h2!["x-two"]).toBe("2");
    expect(h3!["x-three"]).toBe("3");
    expect(h3!.authorization).toMatch(/^Bearer tok-/);
    expect([...asHeaders.keys()]).toEqual(["x-one"]);
    expect(asObject).toEqual({ "x-three": "3", Authorization: "Basic caller" });
  });

  it("B2: the caller's X-Request-Id is kept; without one a request id is sent", async () => {
    const lpClient = createLpClient();
    await lpClient("msgHist", "/api/v1/r1", { headers: { "X-Request-Id": "trace-42" } });
    await lpClient("msgHist", "/api/v1/r2");
    expect(fake.requestsTo("/api/v1/r1")[0]!.headers["x-request-id"]).toBe("trace-42");
    expect(fake.requestsTo("/api/v1/r2")[0]!.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("B2: the request id comes from console.getTraceId() when the runtime has one", async () => {
    const tracing = console as Console & { getTraceId?: () => string };
    tracing.getTraceId = () => "invocation-7";
    try {
      await createLpClient()("msgHist", "/api/v1/traced");
    } finally {
      delete tracing.getTraceId;
    }
    expect(fake.requestsTo("/api/v1/traced")[0]!.headers["x-request-id"]).toBe("invocation-7");
  });

  it("B2: one token cache per LpClient: calls share it, another LpClient fetches its own", async () => {
    const before = fake.requestsTo("/sentinel/").length;
    const first = createLpClient();
    await first("msgHist", "/api/v1/a");
    await first("msgHist", "/api/v1/b");
    expect(fake.requestsTo("/sentinel/").length).toBe(before + 1);
    await createLpClient()("msgHist", "/api/v1/c");
    expect(fake.requestsTo("/sentinel/").length).toBe(before + 2);
  });

  it("appKeySecretName picks another secret", async () => {
    fake.secrets.set("my-app-key", JSON.stringify(CLIENT));
    const response = await createLpClient()("msgHist", "/api/v1/other-key", { appKeySecretName: "my-app-key" });
    expect(response.status).toBe(200);
    expect(fake.requestsTo("/_platform/secrets/my-app-key")).toHaveLength(1);
  });

  it("bad arguments are typed errors; nothing is sent", async () => {
    const lpClient = createLpClient();
    await expect(lpClient("", "/x")).rejects.toMatchObject({ code: ErrorCodes.LpClient.InvalidArgument, component: "LpClient" });
    await expect(lpClient("msgHist", "no-slash")).rejects.toMatchObject({ code: ErrorCodes.LpClient.InvalidArgument });
    await expect(lpClient("msgHist", "/x", { appKeySecretName: "" })).rejects.toMatchObject({ code: ErrorCodes.LpClient.InvalidArgument });
    expect(apiRequests()).toEqual([]);
  });

  it("credential and CSDS errors pass through with their own codes", async () => {
    const lpClient = createLpClient();
    await expect(lpClient("msgHist", "/x", { appKeySecretName: "absent" })).rejects.toMatchObject({ code: ErrorCodes.Secret.NotFound });
    fake.secrets.set("LIVEPERSON_DEFAULT_APP_KEY", "not json");
    await expect(lpClient("msgHist", "/x")).rejects.toMatchObject({
      code: ErrorCodes.LpClient.Creds.Format,
      message: expect.stringContaining("Credentials have Invalid Format"),
    });
    await expect(lpClient("noSuchService", "/x")).rejects.toMatchObject({ code: ErrorCodes.Csds.NotFound });
  });

  it("needs X_LIVEPERSON_BRAND_ID when it is built", () => {
    delete process.env.X_LIVEPERSON_BRAND_ID;
    expect(() => createLpClient()).toThrow(
      expect.objectContaining({ code: ErrorCodes.Toolbelt.InvalidConfig, message: expect.stringContaining("X_LIVEPERSON_BRAND_ID") }),
    );
  });
});
