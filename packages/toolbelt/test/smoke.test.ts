import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/servers";
import { testPki } from "./helpers/tls";
import { freshClient } from "./helpers/toolbelt";

describe("HTTPClient smoke", () => {
  let http: TestServer;
  let https: TestServer;
  beforeAll(async () => {
    http = await startServer();
    https = await startServer(undefined, { tls: true });
  });
  afterAll(async () => {
    await http.close();
    await https.close();
  });

  it("GETs JSON over HTTP and HTTPS with a generated CA", async () => {
    const client = freshClient();
    const plain = await client<{ method: string }>(`${http.url}/a`, { json: true });
    expect(plain.method).toBe("GET");
    const secure = await client<{ url: string }>(`${https.url}/b`, { json: true, ca: testPki().ca });
    expect(secure.url).toBe("/b");
  });

  it("keeps TLS verification on by default", async () => {
    const client = freshClient();
    const error = await client(`${https.url}/c`).catch((e: unknown) => e);
    expect((error as Error).name).toBe("RequestError");
    expect(String((error as { cause: { code: string } }).cause.code)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });
});
