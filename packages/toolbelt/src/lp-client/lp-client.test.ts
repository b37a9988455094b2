/** LpClient's credential handling with injected collaborators (no sockets). */
import { describe, expect, it } from "vitest";
import type { CsdsClient } from "../csds/csds-client";
import type { CoreRequest, CoreResponse, RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import type { SecretClient, SecretReadOptions } from "../secrets/types";
import { readCredentials, toCredentials } from "./credentials";
import { createLpClient } from "./lp-client";

const KEY = { consumerKey: "ck", consumerSecret: "cs-S3CRET", token: "tk", tokenSecret: "ts-S3CRET" };
const KEY2 = { ...KEY, consumerKey: "ck2" };

const csds: CsdsClient = {
  get: async () => "api.test",
  getAll: async () => [],
  getBaseUrl: async () => "https://api.test",
};

function fakeSecrets(values: unknown[], fail?: unknown): SecretClient & { reads: Array<{ key: string; options?: SecretReadOptions }> } {
  const reads: Array<{ key: string; options?: SecretReadOptions }> = [];
  return {
    reads,
    async readSecret<T>(key: string, options?: SecretReadOptions) {
      reads.push({ key, options });
      if (fail) throw fail as Error;
      return { key, value: (values.length > 1 ? values.shift() : values[0]) as T };
    },
    async updateSecret() {
      throw new Error("not used");
    },
  };
}

function fakeCore(statuses: number[]): RequestCore & { sent: CoreRequest[] } {
  const sent: CoreRequest[] = [];
  return {
    sent,
    policy: { check: () => undefined, isExempt: () => false } as unknown as RequestCore["policy"],
    close: async () => undefined,
    async send(request): Promise<CoreResponse> {
      sent.push(request);
      const statusCode = statuses.shift() ?? 200;
      return { statusCode, statusMessage: "", headers: { "content-type": "application/json" }, body: Buffer.from("{}"), url: request.url };
    },
  };
}

describe("LpClient credentials", () => {
  it("reads the key from the cache first, and with useCache: false for the one 401 retry", async () => {
    const secrets = fakeSecrets([KEY, KEY2]);
    const core = fakeCore([401, 200]);
    const lpClient = createLpClient({ csds, secrets: () => secrets, core: () => core });
    await lpClient("svc", "/x", { json: true, appKeySecretName: "my-key" });
    expect(secrets.reads).toEqual([
      { key: "my-key", options: { useCache: true } },
      { key: "my-key", options: { useCache: false } },
    ]);
    expect(core.sent).toHaveLength(2);
    const auth = (r: CoreRequest) => String(r.headers.Authorization);
    expect(auth(core.sent[0]!)).toContain('oauth_consumer_key="ck"');
    expect(auth(core.sent[1]!)).toContain('oauth_consumer_key="ck2"');
    expect(core.sent[1]!.url.href).toBe("https://api.test/x");
  });

  it("does not retry other statuses", async () => {
    const secrets = fakeSecrets([KEY]);
    const core = fakeCore([403]);
    const lpClient = createLpClient({ csds, secrets: () => secrets, core: () => core });
    await expect(lpClient("svc", "/x")).rejects.toMatchObject({ statusCode: 403 });
    expect(core.sent).toHaveLength(1);
    expect(secrets.reads).toHaveLength(1);
  });

  it("turns a failed read into lp-client.get-credentials-failure, and lets secret.not-found through", async () => {
    const boom = new ToolbeltError("SecretClient", ErrorCodes.Secret.Timeout, "Reading secret k timed out");
    const failure = await readCredentials(fakeSecrets([], boom), "k", true).catch((e: unknown) => e);
    expect(failure).toMatchObject({ component: "LpClient", code: ErrorCodes.LpClient.Creds.Failure });
    expect((failure as Error).message).toContain("timed out");
    expect((failure as Error).cause).toBe(boom);
    const plain = await readCredentials(fakeSecrets([], new TypeError("x")), "k", true).catch((e: unknown) => e);
    expect(plain).toMatchObject({ code: ErrorCodes.LpClient.Creds.Failure });
    const notFound = new ToolbeltError("SecretClient", ErrorCodes.Secret.NotFound, "There is no secret k for this account");
    expect(await readCredentials(fakeSecrets([], notFound), "k", true).catch((e: unknown) => e)).toBe(notFound);
  });

  it("accepts exactly the four non-empty string fields, from an object or a JSON string", () => {
    expect(toCredentials("k", KEY)).toEqual(KEY);
    expect(toCredentials("k", JSON.stringify({ ...KEY, extra: 1 }))).toEqual(KEY);
    for (const bad of [null, 1, "", "{", "[]", [], {}, { ...KEY, token: 1 }, { ...KEY, tokenSecret: "" }, Object.create(KEY)]) {
      let error: unknown;
      try {
        toCredentials("k", bad);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(bad)).toMatchObject({ code: ErrorCodes.LpClient.Creds.Format });
      expect(String((error as Error).message)).not.toContain("S3CRET");
    }
  });
});
