/** Unit tests with a fake request core: what reaches the core, and how results/errors are mapped. */
import { describe, expect, it } from "vitest";
import { X509Certificate, generateKeyPairSync } from "node:crypto";
import type { CoreRequest, CoreResponse, RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { createMtlsClient, validateClientTls } from "./mtls-client";
// Construction needs a real certificate/key pair (openssl at test time); validation itself is covered in test/mtls.
import { mtlsPki } from "../../test/mtls/pki";

function fakeCore(answer: (req: CoreRequest) => Promise<CoreResponse> | CoreResponse) {
  const seen: CoreRequest[] = [];
  const core = {
    async send(req: CoreRequest) {
      seen.push(req);
      return answer(req);
    },
  } as unknown as RequestCore;
  return { seen, core: () => core };
}

const ok = (body = "{}", headers: Record<string, string | string[]> = {}): CoreResponse => ({
  statusCode: 200,
  statusMessage: "OK",
  headers,
  body: Buffer.from(body),
  url: new URL("https://x"),
});

describe("mtls client (fake core)", () => {
  const pki = mtlsPki();
  const tls = { cert: pki.client.cert, key: pki.client.key };

  it("passes cert/key/ca to the core and verifies the server unless allowSelfSigned", async () => {
    const { seen, core } = fakeCore(() => ok());
    const client = createMtlsClient({ ...tls, ca: pki.ca }, { core });
    await client.get("https://h.example/a");
    await client.get("https://h.example/a", {}, null, { allowSelfSigned: true });
    await client.get("https://h.example/a", {}, null, { allowSelfSigned: false });
    expect(seen.map((r) => r.tls?.rejectUnauthorized)).toEqual([true, false, true]);
    expect(seen[0]!.tls).toMatchObject({ cert: pki.client.cert, key: pki.client.key, ca: pki.ca });
    expect(seen[0]!.connectTimeoutMs).toBeUndefined();
  });

  it("maps timeout to connect and read timeouts, and core timeouts to mtls.request-timeout", async () => {
    const { seen, core } = fakeCore(() => {
      throw Object.assign(new Error("ESOCKETTIMEDOUT"), { code: "ESOCKETTIMEDOUT" });
    });
    const client = createMtlsClient(tls, { core });
    const error = await client.head("https://h.example/", {}, { timeout: 1234 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolbeltError);
    expect((error as ToolbeltError).code).toBe(ErrorCodes.Mtls.Timeout);
    expect(seen[0]).toMatchObject({ method: "HEAD", connectTimeoutMs: 1234, readTimeoutMs: 1234 });
  });

  it("wraps other errors as mtls.general-issue with the code and the cause; keeps toolbelt errors", async () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const client = createMtlsClient(tls, { core: fakeCore(() => Promise.reject(reset)).core });
    const error = (await client.get("https://h.example/").catch((e: unknown) => e)) as ToolbeltError;
    expect(error.code).toBe(ErrorCodes.Mtls.General);
    expect(error.message).toContain("ECONNRESET");
    expect(error.cause).toBe(reset);
    const refusal = new ToolbeltError("Egress", ErrorCodes.Egress.HostRefused, "Socket is closed");
    const refused = createMtlsClient(tls, { core: fakeCore(() => Promise.reject(refusal)).core });
    expect(await refused.get("https://h.example/").catch((e: unknown) => e)).toBe(refusal);
  });

  it("refuses bad options and non-https URLs with mtls.invalid-request", async () => {
    const { seen, core } = fakeCore(() => ok());
    const client = createMtlsClient(tls, { core });
    for (const call of [
      () => client.get("https://h.example/", {}, null, { timeout: -1 }),
      () => client.get("http://h.example/"),
      () => client.post("https://h.example/", {}, 5 as never),
    ]) {
      expect(((await call().catch((e: unknown) => e)) as ToolbeltError).code).toBe(ErrorCodes.Mtls.BadRequest);
    }
    expect(seen).toHaveLength(0);
  });

  it("keeps the caller's Content-Type and X-Request-Id; empty json body stays an empty string", async () => {
    const { seen, core } = fakeCore(() => ok(""));
    const client = createMtlsClient(tls, { core });
    const response = await client.post("https://h.example/", { "Content-Type": "application/vnd+json", "X-Request-Id": "mine" }, { a: 1 }, { json: true });
    expect(response.body).toBe("");
    expect(seen[0]!.headers).toMatchObject({ "Content-Type": "application/vnd+json", "X-Request-Id": "mine" });
    expect(Object.keys(seen[0]!.headers).filter((k) => k.toLowerCase() === "content-type")).toHaveLength(1);
  });

  it("validateClientTls rejects a certificate whose key is an unrelated fresh key", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    expect(() => validateClientTls({ cert: pki.client.cert, key: pem })).toThrow(/does not match/);
    expect(new X509Certificate(pki.client.cert).subject).toContain("mtls-test-client");
  });
});
