/** The V2 SecretClient over the platform's secrets API and over functions/settings.json (spec v2 §4, wire §9, B13, B14). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import { ErrorCodes } from "../../src/v2/errors/codes";
import { ToolBeltError } from "../../src/v2/errors/toolbelt-error";
import { createSecretCache, globalSecretCache } from "../../src/v2/secrets/secret-cache";
import { createSecretClient, MAX_SECRET_SIZE } from "../../src/v2/secrets/secret-client";
import { startFakeLivePerson, type FakeLivePerson } from "./fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "./v2-env";

let fake: FakeLivePerson;
beforeAll(async () => {
  fake = await startFakeLivePerson();
});
afterAll(() => fake.close());
afterEach(() => {
  clearV2Environment();
  fake.reset();
});

const reads = (key: string) => fake.requestsTo(`/_platform/secrets/${key}`).filter((r) => r.method === "GET").length;

describe("V2 SecretClient on the platform's secrets API", () => {
  beforeEach(() => {
    useV2Environment(fake);
    fake.secrets.set("plain", "xyz");
    fake.secrets.set("json", { a: 1, nested: { b: [true] } });
  });

  it("returns values as stored: a string, or an object for a JSON secret", async () => {
    const client = createSecretClient();
    expect(await client.readSecret("plain")).toEqual({ key: "plain", value: "xyz" });
    expect(await client.readSecret("json")).toEqual({ key: "json", value: { a: 1, nested: { b: [true] } } });
  });

  it("caches reads for 5 minutes; useCache: false asks the store", async () => {
    const client = createSecretClient();
    await client.readSecret("plain");
    await client.readSecret("plain");
    expect(reads("plain")).toBe(1);
    await client.readSecret("plain", { useCache: false });
    expect(reads("plain")).toBe(2);
  });

  it("B13: after an update a cached read and an uncached read return the same value, never JSON text", async () => {
    const client = createSecretClient();
    await client.readSecret("plain");
    expect(await client.updateSecret({ key: "plain", value: "new" })).toEqual({ key: "plain", value: "new" });
    expect(await client.readSecret("plain")).toEqual({ key: "plain", value: "new" });
    expect(await client.readSecret("plain", { useCache: false })).toEqual({ key: "plain", value: "new" });
    await client.updateSecret({ key: "json", value: { c: 2 } });
    expect((await client.readSecret("json")).value).toEqual({ c: 2 });
  });

  it("B14: a client's cache TTL is its own, not every client's", async () => {
    const noCache = createSecretClient({ cache: { ttl: 0 } });
    const cached = createSecretClient();
    await cached.readSecret("plain");
    await noCache.readSecret("plain");
    await noCache.readSecret("plain");
    expect(reads("plain")).toBe(3);
    await cached.readSecret("plain");
    expect(reads("plain")).toBe(3);
    expect(globalSecretCache.ttl).toBe(300_000);
  });

  it("B14: read errors are told apart: not found, store failure, timeout", async () => {
    const client = createSecretClient();
    await expect(client.readSecret("absent")).rejects.toMatchObject({
      code: ErrorCodes.Secret.NotFound,
      component: "SecretClient",
      message: "There is no secret absent for this account",
    });
    await expect(client.readSecret("broken")).rejects.toMatchObject({ code: ErrorCodes.Secret.Failure });
    fake.secretDelayMs = 1000;
    await expect(client.readSecret("plain", { timeout: 50 })).rejects.toMatchObject({ code: ErrorCodes.Secret.Timeout });
  });

  it("B14: errors are ToolBeltErrors, also for undefined or malformed arguments (never a TypeError)", async () => {
    const client = createSecretClient();
    for (const attempt of [
      () => client.readSecret(undefined as unknown as string),
      () => client.readSecret("plain", { timeout: -1 }),
      () => client.updateSecret(undefined as unknown as { key: string; value: string }),
      () => client.updateSecret({ key: undefined as unknown as string, value: "x" }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolBeltError);
      expect((error as ToolBeltError).component).toBe("SecretClient");
    }
    expect(() => createSecretClient({ cache: { ttl: -5 } })).toThrow(ToolBeltError);
  });

  it("B14: updateSecret applies its timeout", async () => {
    fake.secretDelayMs = 1000;
    await expect(createSecretClient().updateSecret({ key: "plain", value: "late" }, { timeout: 50 })).rejects.toMatchObject({
      code: ErrorCodes.Secret.Timeout,
    });
  });

  it("refuses to update LIVEPERSON_DEFAULT_* secrets", async () => {
    await expect(createSecretClient().updateSecret({ key: "LIVEPERSON_DEFAULT_APP_KEY", value: { client_id: "x", client_secret: "y" } })).rejects.toMatchObject(
      {
        code: ErrorCodes.Secret.SystemSecret,
        message: "You are not allowed to update secrets added by the system",
      },
    );
  });

  it("refuses values that are not JSON or longer than 16384 characters as JSON", async () => {
    const client = createSecretClient();
    await expect(client.updateSecret({ key: "plain", value: () => 1 })).rejects.toMatchObject({ code: ErrorCodes.Secret.Invalid });
    await expect(client.updateSecret({ key: "plain", value: "x".repeat(MAX_SECRET_SIZE - 1) })).rejects.toMatchObject({
      code: ErrorCodes.Secret.Invalid,
      message: expect.stringContaining("exceeds allowed length of 16kb"),
    });
    expect(fake.requestsTo("/_platform/secrets/plain").filter((r) => r.method === "PUT")).toEqual([]);
  });

  it("updating a secret that does not exist fails with secret.op-failed or not-found from the store", async () => {
    await expect(createSecretClient().updateSecret({ key: "absent", value: "x" })).rejects.toMatchObject({ component: "SecretClient" });
  });
});

describe("V2 SecretClient on functions/settings.json", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "lp-faas-v2-secrets-"));
    mkdirSync(join(dir, "functions"));
    clearV2Environment();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const useSettings = (text: string): string => {
    const file = join(dir, "functions", "settings.json");
    writeFileSync(file, text);
    // The configuration is resolved (and the file found) at the first read, from the working directory.
    resetConfig();
    configure({ rateLimit: false });
    return file;
  };

  it("reads, and updates a 16000-character value (over V1's 10000) with a 4-space rewrite", async () => {
    const cwd = process.cwd();
    const file = useSettings(JSON.stringify({ secrets: [{ key: "big", value: "small" }] }));
    process.chdir(dir);
    try {
      const client = createSecretClient();
      expect(await client.readSecret("big")).toEqual({ key: "big", value: "small" });
      const big = "y".repeat(16_000);
      expect((await client.updateSecret({ key: "big", value: big })).value).toBe(big);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ secrets: [{ key: "big", value: big }] });
      expect(readFileSync(file, "utf8")).toContain('\n    "secrets"');
    } finally {
      process.chdir(cwd);
    }
  });

  it("B14: a malformed settings.json is a failure, not 'not found'", async () => {
    const cwd = process.cwd();
    useSettings("{ not json");
    process.chdir(dir);
    try {
      await expect(createSecretClient().readSecret("any")).rejects.toMatchObject({ code: ErrorCodes.Secret.Failure, component: "SecretClient" });
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("globalSecretCache", () => {
  it("keeps values with their time; each read judges freshness with its own TTL", () => {
    let now = 0;
    const cache = createSecretCache(() => now);
    cache.set("k", { key: "k", value: { v: 1 } });
    now = 1000;
    expect(cache.get("k")).toEqual({ key: "k", value: { v: 1 } });
    expect(cache.get("k", 500)).toBeUndefined();
    now = 300_000;
    expect(cache.get("k")).toBeUndefined();
  });
});
