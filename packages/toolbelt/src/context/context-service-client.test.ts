/**
 * The retry and error-mapping logic with an injected request core: errors shaped
 * as fetch/undici raise them (code only in `cause`), the abort signal handed to
 * the core, and what passes through untouched.
 */
import { describe, expect, it } from "vitest";
import type { CsdsClient } from "../csds/csds-client";
import type { CoreRequest, CoreResponse, RequestCore } from "../egress/request-core";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { createContextServiceClient } from "./context-service-client";
import { SDKError } from "./sdk-error";

const KEY = "unit-S3CRET-key";

const csds: CsdsClient = {
  get: async () => "store.example",
  getAll: async () => [],
  getBaseUrl: async () => "https://store.example",
};

function fakeCore(behaviour: (request: CoreRequest, attempt: number) => Promise<CoreResponse>): { core: () => RequestCore; requests: CoreRequest[] } {
  const requests: CoreRequest[] = [];
  const core = {
    send: (request: CoreRequest) => {
      requests.push(request);
      return behaviour(request, requests.length);
    },
  } as unknown as RequestCore;
  return { core: () => core, requests };
}

function answer(statusCode: number, body: unknown): Promise<CoreResponse> {
  return Promise.resolve({
    statusCode,
    statusMessage: "",
    headers: {},
    body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
    url: new URL("https://store.example"),
  });
}

function client(behaviour: Parameters<typeof fakeCore>[0], deadlineMs = 1_000) {
  const fake = fakeCore(behaviour);
  return { ...fake, client: createContextServiceClient({ accountId: "123", apiKey: KEY }, { csds, core: fake.core, retryDelaysMs: [1, 1], deadlineMs }) };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a rejection");
}

describe("createContextServiceClient (injected core)", () => {
  it("finds a network code in the cause chain (fetch's TypeError) and retries on it", async () => {
    const { client: c, requests } = client(() =>
      Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) })),
    );
    const error = await rejection(c.getListOfNamespaces());
    expect(error).toBeInstanceOf(SDKError);
    expect(error.code).toBe("ECONNRESET");
    expect(error.message).toBe("fetch failed");
    expect(requests).toHaveLength(3);
  });

  it.each(["ENOTFOUND", "ESOCKETTIMEDOUT", "ETIMEDOUT", "ECONNREFUSED", "EHOSTUNREACH", "EPIPE", "EAI_AGAIN"])(
    "%s is retried and reported as itself",
    async (code) => {
      const { client: c, requests } = client(() => Promise.reject(Object.assign(new Error(`boom ${code}`), { code })));
      const error = await rejection(c.getListOfSessions("ns"));
      expect(error.code).toBe(code);
      expect(error.message).toBe(`boom ${code}`);
      expect(requests).toHaveLength(3);
    },
  );

  it("another failure is not retried: unknown, naming its code, the original as cause", async () => {
    const original = Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" });
    const { client: c, requests } = client(() => Promise.reject(original));
    const error = await rejection(c.getListOfSessions("ns"));
    expect(error.code).toBe(ErrorCodes.ContextService.General.Unknown);
    expect(error.message).toBe("Unknown Error certificate has expired (CERT_HAS_EXPIRED) occurred");
    expect(error.cause).toBe(original);
    expect(requests).toHaveLength(1);
  });

  it("a ToolbeltError from the core (egress refusal) passes through unchanged, not retried", async () => {
    const refusal = new ToolbeltError("Egress", ErrorCodes.Egress.HostRefused, "Socket is closed");
    const { client: c, requests } = client(() => Promise.reject(refusal));
    expect(await rejection(c.getListOfSessions("ns"))).toBe(refusal);
    expect(requests).toHaveLength(1);
  });

  it("hands the core an abort signal that fires at the deadline", async () => {
    let signal: AbortSignal | undefined;
    const { client: c } = client((request) => {
      signal = request.signal;
      return new Promise((_resolve, reject) => request.signal!.addEventListener("abort", () => reject(request.signal!.reason as Error)));
    }, 20);
    const error = await rejection(c.getListOfSessions("ns"));
    expect(error.code).toBe(ErrorCodes.ContextService.General.Timeout);
    expect(error.message).toBe("Request exceeded Deadline of 20ms");
    expect(signal?.aborted).toBe(true);
  });

  it("sends to {CSDS base}/v1/account/{accountId}… with the four headers and no timeout of its own to the core", async () => {
    const { client: c, requests } = client(() => answer(200, []));
    await c.getListOfSessions("ns");
    const [request] = requests;
    expect(request!.url.href).toBe("https://store.example/v1/account/123/ns/session-ids");
    expect(request!.method).toBe("GET");
    expect(Object.keys(request!.headers).sort()).toEqual(["Accept", "Content-Type", "X-Request-ID", "maven-api-key"]);
    expect(request!.readTimeoutMs).toBeUndefined();
  });

  it("by default pauses 2 s, then 4 s, between three attempts, with the injected sleep", async () => {
    const sleeps: Array<[number, number]> = [];
    const fake = fakeCore(() => Promise.reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })));
    const sleep = async (ms: number): Promise<void> => void sleeps.push([ms, fake.requests.length]);
    const c = createContextServiceClient({ accountId: "123", apiKey: KEY }, { csds, core: fake.core, sleep });
    expect((await rejection(c.getListOfNamespaces())).code).toBe("ECONNRESET");
    expect(sleeps).toEqual([
      [2_000, 1],
      [4_000, 2],
    ]);
    expect(fake.requests).toHaveLength(3);
  });

  it("without an injected sleep, the pause is really waited", async () => {
    const times: number[] = [];
    const fake = fakeCore((_request, attempt) => {
      times.push(performance.now());
      return attempt === 1 ? Promise.reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })) : answer(200, ["s"]);
    });
    const c = createContextServiceClient({ accountId: "123", apiKey: KEY }, { csds, core: fake.core, retryDelaysMs: [40] });
    expect(await c.getListOfSessions("ns")).toEqual(["s"]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35);
  });

  it("maps a 2xx other than the usual one as success, and any other status as an error", async () => {
    const { client: c } = client((request) => answer(request.method === "DELETE" ? 200 : 302, ""));
    await c.deleteNamespace("ns");
    expect((await rejection(c.getListOfSessions("ns"))).code).toBe(ErrorCodes.ContextService.General.Unknown);
  });
});
