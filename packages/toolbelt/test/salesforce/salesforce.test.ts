/**
 * Toolbelt.SFClient() against a real loopback server speaking the Salesforce REST
 * endpoints the seed example uses: SOQL query, and the OAuth2 token endpoint.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import type { ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REFRESH_NOT_CONFIGURED } from "../../src/salesforce/salesforce-client";
import { Toolbelt } from "../../src/toolbelt";
import { startServer, type TestServer } from "../helpers/servers";
import { resetConfig } from "../helpers/toolbelt";

const VERSION = "59.0";
const RECORDS = [
  { attributes: { type: "Account", url: `/services/data/v${VERSION}/sobjects/Account/001` }, Id: "001", Name: "Acme" },
  { attributes: { type: "Account", url: `/services/data/v${VERSION}/sobjects/Account/002` }, Id: "002", Name: "Globex" },
];

interface FakeSalesforce {
  server: TestServer;
  validTokens: Set<string>;
  refreshes: Array<Record<string, string>>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json;charset=UTF-8" });
  res.end(JSON.stringify(body));
}

async function startSalesforce(): Promise<FakeSalesforce> {
  const validTokens = new Set(["valid-token"]);
  const refreshes: Array<Record<string, string>> = [];
  let issued = 0;
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "POST" && url.pathname === "/services/oauth2/token") {
      const form = Object.fromEntries(new URLSearchParams(req.body.toString("utf8")));
      refreshes.push(form);
      if (form.grant_type !== "refresh_token" || form.refresh_token !== "refresh-token" || form.client_id !== "client-id") {
        json(res, 400, { error: "invalid_grant", error_description: "expired access/refresh token" });
        return;
      }
      const token = `refreshed-token-${++issued}`;
      validTokens.add(token);
      json(res, 200, {
        access_token: token,
        instance_url: server.url,
        id: `${server.url}/id/00D/005`,
        token_type: "Bearer",
        issued_at: String(Date.now()),
        signature: "sig",
      });
      return;
    }
    if (req.method === "GET" && url.pathname === `/services/data/v${VERSION}/query`) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!token || !validTokens.has(token)) {
        json(res, 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
        return;
      }
      json(res, 200, { totalSize: RECORDS.length, done: true, records: RECORDS, soql: url.searchParams.get("q") });
      return;
    }
    json(res, 404, [{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
  });
  return { server, validTokens, refreshes };
}

let sf: FakeSalesforce;

function connect(accessToken = "valid-token") {
  return Toolbelt.SFClient().connectToSalesforce({
    loginUrl: sf.server.url,
    instanceUrl: sf.server.url,
    accessToken,
    refreshToken: "refresh-token",
    version: VERSION,
    oauth2: { clientId: "client-id", clientSecret: "client-secret", loginUrl: sf.server.url },
  });
}

const QUERY = "SELECT Id, Name FROM Account";

beforeEach(async () => {
  resetConfig();
  Toolbelt.configure({ rateLimit: false, lambdaUuid: "sf-test" });
  sf = await startSalesforce();
});

afterEach(async () => {
  await sf.server.close();
  resetConfig();
});

describe("Toolbelt.SFClient().connectToSalesforce()", () => {
  it("runs the seed example: con.query(query, callback) returns the records", async () => {
    const con = connect();
    const result = await new Promise<{ totalSize: number; done: boolean; records: unknown[] }>((resolvePromise, reject) => {
      (con.query as unknown as (q: string, cb: (err: Error | null, r: never) => void) => void)(QUERY, (err, queryResult) =>
        err ? reject(err) : resolvePromise(queryResult),
      );
    });
    expect(result.totalSize).toBe(2);
    expect(result.done).toBe(true);
    expect(result.records).toEqual(RECORDS);
    const request = sf.server.requests.find((r) => r.url.startsWith(`/services/data/v${VERSION}/query`))!;
    expect(new URL(request.url, "http://x").searchParams.get("q")).toBe(QUERY);
    expect(request.headers.authorization).toBe("Bearer valid-token");
    // The platform headers of the toolbelt's egress path.
    expect(request.headers["user-agent"]).toMatch(/^LP-Lambda-/);
  });

  it("takes a callback on other Connection methods too (jsforce 1.x style)", async () => {
    const con = connect();
    const result = await new Promise<{ totalSize: number }>((resolvePromise, reject) => {
      (con.request as unknown as (url: string, cb: (err: Error | null, r: never) => void) => void)(
        `/services/data/v${VERSION}/query?q=${encodeURIComponent(QUERY)}`,
        (err, r) => (err ? reject(err) : resolvePromise(r)),
      );
    });
    expect(result.totalSize).toBe(2);
  });

  it("supports the promise form", async () => {
    const result = await connect().query<{ Id: string; Name: string }>(QUERY);
    expect(result.records.map((r) => r.Name)).toEqual(["Acme", "Globex"]);
  });

  it("refreshes an expired access token through the token endpoint and retries the query", async () => {
    const con = connect("expired-token");
    let refreshedTo: string | undefined;
    con.on("refresh", (token: string) => (refreshedTo = token));
    const result = await con.query(QUERY);
    expect(result.totalSize).toBe(2);
    expect(sf.refreshes).toHaveLength(1);
    expect(sf.refreshes[0]).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "refresh-token",
      client_id: "client-id",
      client_secret: "client-secret",
    });
    expect(refreshedTo).toBe("refreshed-token-1");
    expect(con.accessToken).toBe("refreshed-token-1");
    const queries = sf.server.requests.filter((r) => r.url.startsWith(`/services/data/v${VERSION}/query`));
    expect(queries.map((r) => r.headers.authorization)).toEqual(["Bearer expired-token", "Bearer refreshed-token-1"]);
    // The token request also went through the toolbelt's egress path.
    const tokenRequest = sf.server.requests.find((r) => r.url === "/services/oauth2/token")!;
    expect(tokenRequest.headers["user-agent"]).toMatch(/^LP-Lambda-/);
  });

  it("accepts the seed example's params as written (refreshToken, no oauth2): queries work, an expiry says why it cannot refresh", async () => {
    const seed = (accessToken: string) =>
      Toolbelt.SFClient().connectToSalesforce({
        loginUrl: sf.server.url,
        instanceUrl: sf.server.url,
        accessToken,
        refreshToken: "refresh-token",
        version: VERSION,
      });
    expect((await seed("valid-token").query(QUERY)).totalSize).toBe(2);
    await expect(seed("expired-token").query(QUERY)).rejects.toThrow(REFRESH_NOT_CONFIGURED);
    expect(sf.refreshes).toHaveLength(0);
  });

  it("keeps a later-assigned OAuth2 client on the toolbelt's egress path", async () => {
    const con = connect("expired-token");
    const OAuth2 = con.oauth2.constructor as new (config: object) => typeof con.oauth2;
    con.oauth2 = new OAuth2({ clientId: "client-id", clientSecret: "client-secret", loginUrl: sf.server.url });
    Toolbelt.configure({ allowlist: ["login.salesforce.com"] });
    await expect(con.query(QUERY)).rejects.toThrow(/Socket is closed/);
    expect(sf.server.connections).toBe(0);
  });

  it("verifies TLS (V1 did not): a self-signed instance is refused before any request", async () => {
    const tlsServer = await startServer(() => undefined, { tls: true });
    try {
      const con = Toolbelt.SFClient().connectToSalesforce({ instanceUrl: tlsServer.url, accessToken: "valid-token", version: VERSION });
      await expect(con.query(QUERY)).rejects.toThrow(/certificate/i);
      expect(tlsServer.requests).toHaveLength(0);
    } finally {
      await tlsServer.close();
    }
  });

  it("follows a redirect through the egress path, checking each hop", async () => {
    const target = sf.server.url;
    const redirector = await startServer((req, res) => {
      res.writeHead(307, { location: `${target}${req.url}` });
      res.end();
    });
    try {
      const con = Toolbelt.SFClient().connectToSalesforce({ instanceUrl: redirector.url, accessToken: "valid-token", version: VERSION });
      // jsforce re-sends the redirected request with the original headers (Authorization included).
      expect((await con.query(QUERY)).totalSize).toBe(2);
      expect(redirector.requests).toHaveLength(1);
    } finally {
      await redirector.close();
    }
  });

  it("refuses a redirect hop to a host that is not allowlisted", async () => {
    const redirector = await startServer((req, res) => {
      res.writeHead(302, { location: `http://localhost:${sf.server.port}${req.url}` });
      res.end();
    });
    try {
      Toolbelt.configure({ allowlist: ["127.0.0.1"] });
      const con = Toolbelt.SFClient().connectToSalesforce({ instanceUrl: redirector.url, accessToken: "valid-token", version: VERSION });
      await expect(con.query(QUERY)).rejects.toThrow(/Socket is closed/);
      expect(redirector.requests).toHaveLength(1);
      expect(sf.server.connections).toBe(0);
    } finally {
      await redirector.close();
    }
  });

  it("surfaces Salesforce errors (no refresh possible) as a rejected query", async () => {
    const con = Toolbelt.SFClient().connectToSalesforce({ instanceUrl: sf.server.url, accessToken: "expired-token", version: VERSION });
    await expect(con.query(QUERY)).rejects.toMatchObject({ errorCode: "INVALID_SESSION_ID" });
  });

  it("refuses a non-allowlisted instance: 'Socket is closed', no connection opened", async () => {
    Toolbelt.configure({ allowlist: ["login.salesforce.com"], rateLimit: false });
    const con = connect();
    await expect(con.query(QUERY)).rejects.toThrow(/Socket is closed/);
    const viaCallback = await new Promise<Error | null>((done) => {
      (con.query as unknown as (q: string, cb: (err: Error | null) => void) => void)(QUERY, (err) => done(err));
    });
    expect(viaCallback?.message).toMatch(/Socket is closed/);
    expect(sf.server.connections).toBe(0);
  });

  it("refuses the token refresh too when the login host is not allowlisted", async () => {
    Toolbelt.configure({ allowlist: ["login.salesforce.com"], rateLimit: false });
    const con = connect("expired-token");
    await expect(con.query(QUERY)).rejects.toThrow(/Socket is closed/);
    expect(sf.server.connections).toBe(0);
  });

  it("applies the rate limit: 21 queries at once with rateLimit 20 → one fails with 429", async () => {
    Toolbelt.configure({ rateLimit: 20 });
    const con = connect();
    const results = await Promise.allSettled(Array.from({ length: 21 }, () => con.query(QUERY)));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    expect(rejected).toHaveLength(1);
    expect(String((rejected[0]!.reason as Error).message ?? rejected[0]!.reason)).toMatch(/429|Too Many Requests/);
    expect(sf.server.requests.filter((r) => r.url.startsWith(`/services/data/v${VERSION}/query`))).toHaveLength(20);
  });

  it("importing the toolbelt does not load jsforce; the first SFClient() call does", () => {
    const entry = resolve(__dirname, "../../src/index.ts");
    const script = `
      const before = Object.keys(require.cache).filter((p) => /node_modules[\\\\/]jsforce[\\\\/]/.test(p)).length;
      const { Toolbelt } = require(${JSON.stringify(entry)});
      const afterImport = Object.keys(require.cache).filter((p) => /node_modules[\\\\/]jsforce[\\\\/]/.test(p)).length;
      Toolbelt.SFClient();
      const afterCall = Object.keys(require.cache).filter((p) => /node_modules[\\\\/]jsforce[\\\\/]/.test(p)).length;
      console.log(JSON.stringify({ before, afterImport, afterCall }));
    `;
    // Bundle the toolbelt's sources (packages stay external, as in the published build) and run it in a child.
    const dir = mkdtempSync(join(tmpdir(), "lp-faas-sf-"));
    try {
      const bundle = join(dir, "toolbelt.cjs");
      buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", packages: "external", outfile: bundle, logLevel: "silent" });
      const stdout = execFileSync(process.execPath, ["-e", script.replace(JSON.stringify(entry), JSON.stringify(bundle))], {
        encoding: "utf8",
        env: { ...process.env, NODE_PATH: resolve(__dirname, "../../../../node_modules") },
      });
      const out = JSON.parse(stdout.trim().split("\n").pop()!) as { before: number; afterImport: number; afterCall: number };
      expect(out.before).toBe(0);
      expect(out.afterImport).toBe(0);
      expect(out.afterCall).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
