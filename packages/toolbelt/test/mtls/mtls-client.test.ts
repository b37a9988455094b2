/**
 * Toolbelt.MTLSClient against real mTLS servers on 127.0.0.1 (certificates from
 * openssl at test time, see ./pki.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { Toolbelt } from "../../src/toolbelt";
import { mtlsPki, type MtlsPki } from "./pki";
import { startMtlsServer, type MtlsServer } from "./mtls-server";

let pki: MtlsPki;
let server: MtlsServer; // CA-signed server certificate
let selfSigned: MtlsServer; // self-signed server certificate
let expired: MtlsServer; // expired, CA-signed server certificate

beforeAll(async () => {
  pki = mtlsPki();
  server = await startMtlsServer({ ...pki.server, ca: pki.ca });
  selfSigned = await startMtlsServer({ ...pki.selfSigned, ca: pki.ca });
  expired = await startMtlsServer({ ...pki.expired, ca: pki.ca });
});

afterAll(async () => {
  await Promise.all([server.close(), selfSigned.close(), expired.close()]);
  resetConfig();
});

beforeEach(() => {
  resetConfig();
  configure({ rateLimit: false });
});

async function failure(promise: Promise<unknown>): Promise<ToolbeltError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ToolbeltError);
    return error as ToolbeltError;
  }
  throw new Error("expected the request to fail");
}

describe("MTLSClient requests", () => {
  it("runs the seed example shape: post(url, headers, null, { json, timeout, allowSelfSigned: false })", async () => {
    const mtlsClient = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const response = await mtlsClient.post(`${server.url}/seed`, { header: "test" }, null, { json: true, timeout: 10000, allowSelfSigned: false });
    expect(response.statusCode).toBe(200);
    const echoed = response.body as { method: string; headers: Record<string, string>; clientCN: string; body: string };
    expect(echoed.method).toBe("POST");
    expect(echoed.headers.header).toBe("test");
    expect(echoed.clientCN).toBe("mtls-test-client");
    expect(echoed.body).toBe("");
  });

  it("GET with json: parses the response, sends Accept and X-Request-Id, lower-cases headers", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const response = await client.get(`${server.url}/items?x=1`, undefined, undefined, { json: true });
    expect(response.statusCode).toBe(200);
    const echoed = response.body as { method: string; url: string; headers: Record<string, string>; clientCN: string };
    expect(echoed).toMatchObject({ method: "GET", url: "/items?x=1", clientCN: "mtls-test-client" });
    expect(echoed.headers.accept).toBe("application/json");
    expect(echoed.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers["set-cookie"]).toBe("a=1, b=2");
  });

  it("POST with json: stringifies an object body and sets Content-Type", async () => {
    const client = Toolbelt.MTLSClient({ cert: Buffer.from(pki.client.cert), key: Buffer.from(pki.client.key), ca: Buffer.from(pki.ca) });
    const response = await client.post(`${server.url}/things`, { "X-Trace": "abc" }, { a: 1, b: [true] }, { json: true });
    const echoed = response.body as { body: string; headers: Record<string, string> };
    expect(JSON.parse(echoed.body)).toEqual({ a: 1, b: [true] });
    expect(echoed.headers["content-type"]).toBe("application/json");
    expect(echoed.headers["x-trace"]).toBe("abc");
  });

  it("sends string, Buffer and URLSearchParams bodies; without json the body comes back as a string", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const a = await client.put(`${server.url}/a`, {}, "raw text");
    expect(typeof a.body).toBe("string");
    expect(JSON.parse(a.body as string)).toMatchObject({ method: "PUT", body: "raw text" });
    const b = await client.patch(`${server.url}/b`, {}, Buffer.from("bytes"), { json: true });
    expect(b.body).toMatchObject({ method: "PATCH", body: "bytes" });
    const c = await client.delete(`${server.url}/c`, {}, new URLSearchParams({ q: "a b" }), { json: true });
    expect(c.body).toMatchObject({ method: "DELETE", body: "q=a+b", headers: { "content-type": "application/x-www-form-urlencoded" } });
    const text = await client.get(`${server.url}/text`, {}, null, { json: true });
    expect(text.body).toBe("plain text");
  });

  it("HEAD and OPTIONS return no body", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const head = await client.head(`${server.url}/h`, { a: "b" }, { timeout: 5000 });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBeUndefined();
    const options = await client.options(`${server.url}/o`);
    expect(options.statusCode).toBe(200);
    expect(options.body).toBeUndefined();
    expect(server.requests.some((r) => r.method === "OPTIONS" && r.url === "/o")).toBe(true);
  });

  it("resolves non-2xx responses (not an error)", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const response = await client.get(`${server.url}/status/418`, {}, null, { json: true });
    expect(response).toMatchObject({ statusCode: 418, body: { error: "teapot" } });
    expect(response.headers["x-custom"]).toBe("Yes");
  });

  it("refuses bodies of other types with mtls.invalid-request, before any connection", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const before = server.tcpConnections;
    expect((await failure(client.post(server.url, {}, { a: 1 }))).code).toBe(ErrorCodes.Mtls.BadRequest);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect((await failure(client.post(server.url, {}, circular, { json: true }))).code).toBe(ErrorCodes.Mtls.BadRequest);
    expect((await failure(client.post(server.url, {}, new Map() as never, { json: true }))).code).toBe(ErrorCodes.Mtls.BadRequest);
    expect((await failure(client.get("not a url"))).code).toBe(ErrorCodes.Mtls.BadRequest);
    expect(server.tcpConnections).toBe(before);
  });
});

describe("MTLSClient TLS verification", () => {
  it("the server sees the client certificate's subject; a client certificate from another CA is refused", async () => {
    const intruder = Toolbelt.MTLSClient({ cert: pki.otherClient.cert, key: pki.otherClient.key, ca: pki.ca });
    const error = await failure(intruder.get(`${server.url}/intruder`));
    expect(error.component).toBe("MTLS");
    expect(error.code).toBe(ErrorCodes.Mtls.General);
    expect(error.cause).toBeDefined();
    expect(server.requests.some((r) => r.url === "/intruder")).toBe(false);
  });

  it("verifies the upstream by default: a self-signed server is refused", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key });
    const error = await failure(client.get(`${selfSigned.url}/x`));
    expect(error.code).toBe(ErrorCodes.Mtls.General);
    expect(error.message).toContain("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(error.message).not.toContain("BEGIN");
  });

  it("accepts a self-signed upstream with allowSelfSigned: true, or when it is the given ca", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key });
    expect((await client.get(`${selfSigned.url}/ok`, {}, null, { allowSelfSigned: true })).statusCode).toBe(200);
    const pinned = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.selfSigned.cert });
    expect((await pinned.get(`${selfSigned.url}/ok`)).statusCode).toBe(200);
  });

  it("refuses an upstream signed by a CA other than the given ca", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.otherCa });
    const error = await failure(client.get(`${server.url}/x`));
    expect(error.code).toBe(ErrorCodes.Mtls.General);
    expect(error.message).toMatch(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  });

  it("refuses an expired server certificate", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const error = await failure(client.get(`${expired.url}/x`));
    expect(error.code).toBe(ErrorCodes.Mtls.General);
    expect(error.message).toContain("CERT_HAS_EXPIRED");
  });
});

describe("MTLSClient timeouts, egress and pooling", () => {
  it("times out with mtls.request-timeout", async () => {
    const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    const started = Date.now();
    const error = await failure(client.get(`${server.url}/slow?ms=2000`, {}, null, { timeout: 200 }));
    expect(error.code).toBe(ErrorCodes.Mtls.Timeout);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("keeps the egress refusal's own code and opens no connection", async () => {
    configure({ allowlist: ["localhost"] });
    const target = await startMtlsServer({ ...pki.server, ca: pki.ca });
    try {
      const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
      const error = await failure(client.get(`${target.url}/refused`));
      expect(error.code).toBe(ErrorCodes.Egress.HostRefused);
      expect(error.message).toContain("Socket is closed");
      expect(target.tcpConnections).toBe(0);
    } finally {
      await target.close();
    }
  });

  it("reuses one keep-alive TLS connection for sequential requests of one client", async () => {
    const target = await startMtlsServer({ ...pki.server, ca: pki.ca });
    try {
      const client = Toolbelt.MTLSClient({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
      const seen: number[] = [];
      for (let i = 0; i < 4; i++) {
        expect((await client.get(`${target.url}/k${i}`, {}, null, { timeout: 5000 })).statusCode).toBe(200);
        seen.push(target.tlsConnections);
      }
      await client.post(`${target.url}/k`, {}, { n: 1 }, { json: true });
      seen.push(target.tlsConnections);
      expect(seen).toEqual([1, 1, 1, 1, 1]);
      expect(target.requests).toHaveLength(5);
      expect(target.tlsConnections).toBe(1);
      expect(target.tcpConnections).toBe(1);
    } finally {
      await target.close();
    }
  });
});
