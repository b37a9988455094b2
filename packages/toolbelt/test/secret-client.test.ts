import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../src/config/resolve-config";
import { ErrorCodes } from "../src/errors/codes";
import { Toolbelt } from "../src/toolbelt";
import { startServer, type TestServer } from "./helpers/servers";

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; component: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; component: string };
  }
  throw new Error("expected a rejection");
}

afterEach(() => resetConfig());

describe("SecretClient with Toolbelt.configure({ secrets })", () => {
  it("reads and updates, and the update is what later reads see", async () => {
    configure({ secrets: { token: "abc", json: { consumerKey: "k" } } });
    const client = Toolbelt.SecretClient();
    expect(await client.readSecret("token")).toEqual({ key: "token", value: "abc" });
    expect(await client.readSecret("json")).toEqual({ key: "json", value: { consumerKey: "k" } });
    expect(await client.updateSecret({ key: "token", value: "nEw.oaUtH2-tOKeN!!11!" })).toEqual({ key: "token", value: "nEw.oaUtH2-tOKeN!!11!" });
    // Cached and uncached reads agree (V2's cache returned the value JSON-stringified).
    expect(await client.readSecret("token")).toEqual({ key: "token", value: "nEw.oaUtH2-tOKeN!!11!" });
    expect(await client.readSecret("token", { useCache: false })).toEqual({ key: "token", value: "nEw.oaUtH2-tOKeN!!11!" });
    expect(await Toolbelt.SecretClient().readSecret("token")).toEqual({ key: "token", value: "nEw.oaUtH2-tOKeN!!11!" });
  });

  it("applies the platform's rules with its error codes", async () => {
    configure({ secrets: { token: "abc", "lp-faas-default-app-key": { consumerKey: "k" }, LIVEPERSON_DEFAULT_APP_KEY: "x" } });
    const client = Toolbelt.SecretClient();
    expect(await rejection(client.readSecret("missing"))).toMatchObject({
      code: ErrorCodes.Secret.NotFound,
      component: "SecretClient",
      message: "There is no secret missing for this account",
    });
    expect((await rejection(client.readSecret("bad key!"))).code).toBe(ErrorCodes.Secret.NotFound);
    expect((await rejection(client.updateSecret({ key: "missing", value: "v" }))).code).toBe(ErrorCodes.Secret.Failure);
    expect((await rejection(client.updateSecret({ key: "lp-faas-default-app-key", value: {} }))).code).toBe(ErrorCodes.Secret.SystemSecret);
    expect((await rejection(client.updateSecret({ key: "LIVEPERSON_DEFAULT_APP_KEY", value: "y" }))).code).toBe(ErrorCodes.Secret.SystemSecret);
    expect((await rejection(client.updateSecret({ key: "token", value: undefined }))).code).toBe(ErrorCodes.Secret.Invalid);
    expect((await rejection(client.updateSecret({ key: "token", value: () => 1 }))).code).toBe(ErrorCodes.Secret.Invalid);
    expect((await rejection(client.updateSecret({ key: "token", value: "x".repeat(10_001) }))).code).toBe(ErrorCodes.Secret.Invalid);
    expect((await rejection(client.updateSecret({ key: "token", value: { big: "x".repeat(10_000) } }))).code).toBe(ErrorCodes.Secret.Invalid);
    expect(await client.updateSecret({ key: "token", value: "x".repeat(10_000) })).toMatchObject({ key: "token" });
  });

  it("never puts a secret value in an error", async () => {
    configure({ secrets: { token: "s3cret-value" } });
    const error = await rejection(Toolbelt.SecretClient().updateSecret({ key: "token", value: "s3cret-value".repeat(1000) }));
    expect(JSON.stringify(error) + String(error as unknown) + error.message).not.toContain("s3cret-value");
  });
});

describe("SecretClient on lpf's functions/settings.json", () => {
  let dir: string;
  const cwd = process.cwd();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lp-faas-secrets-"));
    mkdirSync(join(dir, "functions"));
  });
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads from the file found upward and rewrites it atomically, 4-space indented", async () => {
    const path = join(dir, "functions", "settings.json");
    writeFileSync(path, JSON.stringify({ secrets: [{ key: "my_Secret-Key", value: "old" }], whitelist: ["a.example.com"] }));
    process.chdir(join(dir, "functions"));
    resetConfig();
    const client = Toolbelt.SecretClient({ cache: { ttl: 0 } });
    expect(await client.readSecret("my_Secret-Key")).toEqual({ key: "my_Secret-Key", value: "old" });
    await client.updateSecret({ key: "my_Secret-Key", value: { rotated: true } });
    const text = readFileSync(path, "utf8");
    expect(text).toContain('\n    "secrets": [');
    expect(JSON.parse(text)).toEqual({ secrets: [{ key: "my_Secret-Key", value: { rotated: true } }], whitelist: ["a.example.com"] });
    // An edit made by hand is seen on the next uncached read.
    writeFileSync(path, JSON.stringify({ secrets: [{ key: "my_Secret-Key", value: "edited" }] }));
    expect(await client.readSecret("my_Secret-Key")).toEqual({ key: "my_Secret-Key", value: "edited" });
  });

  it("updates a file written with a byte order mark, keeping its other members", async () => {
    const path = join(dir, "functions", "settings.json");
    writeFileSync(
      path,
      `\ufeff${JSON.stringify({
        secrets: [
          { key: "k", value: 1 },
          { key: "other", value: 2 },
        ],
        whitelist: [],
        editor: { tabs: 4 },
      })}`,
    );
    process.chdir(join(dir, "functions"));
    resetConfig();
    const client = Toolbelt.SecretClient({ cache: { ttl: 0 } });
    await client.updateSecret({ key: "k", value: "new" });
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      secrets: [
        { key: "k", value: "new" },
        { key: "other", value: 2 },
      ],
      whitelist: [],
      editor: { tabs: 4 },
    });
  });
});

describe("SecretClient on the platform API (LP_FAAS_PLATFORM_URL)", () => {
  let platform: TestServer;
  const store = new Map<string, unknown>([["api-key", { consumerKey: "ck" }]]);
  let reads = 0;
  beforeAll(async () => {
    platform = await startServer((req, res) => {
      const key = decodeURIComponent((req.url ?? "").replace("/_platform/secrets/", ""));
      res.setHeader("content-type", "application/json");
      if (!store.has(key)) {
        res.statusCode = 404;
        return void res.end(JSON.stringify({ code: ErrorCodes.Secret.NotFound, message: `There is no secret ${key} for this account` }));
      }
      if (req.method === "PUT") store.set(key, (JSON.parse(req.body.toString()) as { value: unknown }).value);
      else reads++;
      res.end(JSON.stringify({ key, value: store.get(key) }));
    });
  });
  afterAll(() => platform.close());

  it("reads through the platform, caches for 5 minutes, and refreshes on update", async () => {
    configure({ platformUrl: platform.url, allowlist: ["example.com"] });
    const client = Toolbelt.SecretClient();
    expect(await client.readSecret("api-key")).toEqual({ key: "api-key", value: { consumerKey: "ck" } });
    expect(await client.readSecret("api-key")).toEqual({ key: "api-key", value: { consumerKey: "ck" } });
    expect(reads).toBe(1);
    await client.readSecret("api-key", { useCache: false });
    expect(reads).toBe(2);
    expect(await client.updateSecret({ key: "api-key", value: { consumerKey: "ck2" } })).toEqual({ key: "api-key", value: { consumerKey: "ck2" } });
    expect(await client.readSecret("api-key")).toEqual({ key: "api-key", value: { consumerKey: "ck2" } });
    expect(reads).toBe(2);
    expect(platform.requests.at(-1)?.url).toBe("/_platform/secrets/api-key");
  });

  it("passes the platform's error code through", async () => {
    configure({ platformUrl: platform.url });
    expect(await rejection(Toolbelt.SecretClient().readSecret("nope"))).toMatchObject({
      code: ErrorCodes.Secret.NotFound,
      message: "There is no secret nope for this account",
    });
  });

  it("reports an unreachable platform as op-failed", async () => {
    configure({ platformUrl: "http://127.0.0.1:9" });
    expect((await rejection(Toolbelt.SecretClient().readSecret("api-key"))).code).toBe(ErrorCodes.Secret.Failure);
  });
});
