/**
 * CSDS against a real loopback Domain API: the lookup's URL, the process-wide
 * 10-minute cache (injected clock), one lookup in flight per account, exact
 * service matching, and every failure as a `CSDS-Client` ToolbeltError.
 */
import { afterEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import { CsdsCache, createCsdsClient } from "../../src/csds/csds-client";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { Toolbelt } from "../../src/toolbelt";
import { startServer, type TestServer } from "../helpers/servers";
import { rejection, startFakeLivePerson, type FakeLivePerson } from "./fake-liveperson";

const ACCOUNT = "le12345678";
let lp: FakeLivePerson | undefined;
let other: TestServer | undefined;

afterEach(async () => {
  resetConfig();
  await lp?.close();
  await other?.close();
  lp = undefined;
  other = undefined;
});

function setup(settings: Parameters<typeof configure>[0] = {}): void {
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: lp!.url, rateLimit: false, ...settings });
}

describe("CsdsClient", () => {
  it("asks GET {csds}/api/account/{brandId}/service/baseURI.json?version=1.0 and returns the service's baseURI", async () => {
    lp = await startFakeLivePerson({ account: ACCOUNT, keys: [], baseUri: (service, url) => (service === "smt" ? "va.smt.example.net" : url) });
    setup();
    const csds = createCsdsClient({ cache: new CsdsCache() });
    expect(await csds.get("msgHist")).toBe(lp.url);
    expect(await csds.get("smt")).toBe("va.smt.example.net");
    // A baseURI with a scheme is used as given, else https:// is added.
    expect(await csds.getBaseUrl("msgHist")).toBe(lp.url);
    expect(await csds.getBaseUrl("smt")).toBe("https://va.smt.example.net");
    expect(await csds.getAll()).toEqual([{ msgHist: lp.url }, { smt: "va.smt.example.net" }, { accountConfigReadOnly: lp.url }, { leDataReporting: lp.url }]);
    expect(lp.server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET /api/account/${ACCOUNT}/service/baseURI.json?version=1.0`]);
    expect(lp.server.requests[0]!.headers.accept).toBe("application/json");
  });

  it("keeps an answer 10 minutes per account (injected clock), then asks again", async () => {
    lp = await startFakeLivePerson({ account: ACCOUNT, keys: [] });
    setup();
    let now = 1_000_000;
    const csds = createCsdsClient({ cache: new CsdsCache({ now: () => now }) });
    await csds.get("msgHist");
    now += 5 * 60_000;
    await csds.get("smt");
    now += 5 * 60_000; // exactly 10 minutes after the lookup: still fresh
    await csds.get("msgHist");
    expect(lp.csdsRequests).toBe(1);
    now += 1;
    await csds.get("msgHist");
    expect(lp.csdsRequests).toBe(2);
    now += 9 * 60_000;
    await csds.get("msgHist");
    expect(lp.csdsRequests).toBe(2);
  });

  it("shares one process-wide cache between clients and factories; configure() resets it", async () => {
    lp = await startFakeLivePerson({ account: ACCOUNT, keys: [] });
    setup();
    await Toolbelt.CsdsClient().get("msgHist");
    await Toolbelt.CsdsClient().get("smt");
    await createCsdsClient().getAll();
    expect(lp.csdsRequests).toBe(1);
    Toolbelt.configure({ lambdaUuid: "changed" });
    await Toolbelt.CsdsClient().get("msgHist");
    expect(lp.csdsRequests).toBe(2);
  });

  it("sends exactly one lookup for 20 concurrent callers", async () => {
    lp = await startFakeLivePerson({ account: ACCOUNT, keys: [], csdsDelayMs: 100 });
    setup();
    const csds = createCsdsClient({ cache: new CsdsCache() });
    const services = ["msgHist", "smt", "accountConfigReadOnly", "leDataReporting"];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => csds.get(services[i % 4]!)));
    expect(results).toEqual(Array(20).fill(lp.url));
    expect(lp.csdsRequests).toBe(1);
  });

  it("shares one failed lookup between concurrent callers, and does not cache the failure", async () => {
    let fail = true;
    lp = await startFakeLivePerson({
      account: ACCOUNT,
      keys: [],
      csdsDelayMs: 50,
      csds: (_req, res) => {
        if (!fail) return false;
        res.statusCode = 400;
        res.end("bad request");
        return true;
      },
    });
    setup();
    const csds = createCsdsClient({ cache: new CsdsCache() });
    const errors = await Promise.all(Array.from({ length: 5 }, () => rejection(csds.get("msgHist"))));
    expect(errors.every((e) => e.code === ErrorCodes.Csds.Failure)).toBe(true);
    expect(lp.csdsRequests).toBe(1);
    fail = false;
    expect(await csds.get("msgHist")).toBe(lp.url);
    expect(lp.csdsRequests).toBe(2);
  });

  it("reports an unknown service as csds.domain.not-found, also for Object.prototype names", async () => {
    lp = await startFakeLivePerson({ account: ACCOUNT, keys: [] });
    setup();
    const csds = createCsdsClient({ cache: new CsdsCache() });
    for (const name of ["noSuchService", "constructor", "toString", "__proto__", "hasOwnProperty", "MSGHIST"]) {
      const error = await rejection(csds.get(name));
      expect(error).toBeInstanceOf(ToolbeltError);
      expect(error).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Csds.NotFound, message: `Service "${name}" could not be found.` });
    }
    expect(lp.csdsRequests).toBe(1);
  });

  it("fails with op-failed on non-2xx, non-JSON and wrong shapes, saying which", async () => {
    let answer: { status: number; body: string } = { status: 500, body: "boom" };
    other = await startServer((_req, res) => {
      res.statusCode = answer.status;
      res.end(answer.body);
    });
    resetConfig();
    configure({ brandId: ACCOUNT, csdsDomain: other.url, rateLimit: false });
    const fresh = () => createCsdsClient({ cache: new CsdsCache(), retryDelayMs: 1 });

    let error = await rejection(fresh().get("msgHist"));
    expect(error).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Csds.Failure });
    expect(error.message).toContain("Status Code: 500");
    // A 5xx is tried twice.
    expect(other.requests).toHaveLength(2);

    answer = { status: 404, body: '{"error":"no account"}' };
    error = await rejection(fresh().get("msgHist"));
    expect(error.message).toContain("Status Code: 404");
    expect(other.requests).toHaveLength(3);

    answer = { status: 200, body: "<html>not json</html>" };
    error = await rejection(fresh().get("msgHist"));
    expect(error).toMatchObject({ code: ErrorCodes.Csds.Failure });
    expect(error.message).toMatch(/not JSON/);

    for (const body of ['{"baseURIs":{}}', "[]", "null", '{"other":[]}']) {
      answer = { status: 200, body };
      error = await rejection(fresh().get("msgHist"));
      expect(error.code).toBe(ErrorCodes.Csds.Failure);
      expect(error.message).toMatch(/"baseURIs" array/);
    }

    // Unusable records are skipped; an unusable baseURI is a failure, not a wrong host.
    answer = {
      status: 200,
      body: JSON.stringify({
        baseURIs: [{ service: "msgHist" }, { service: 1, baseURI: "x" }, { service: "smt", baseURI: "ftp://h" }, { service: "x", baseURI: "user:pw@h" }],
      }),
    };
    expect((await rejection(fresh().get("msgHist"))).code).toBe(ErrorCodes.Csds.NotFound);
    expect((await rejection(fresh().getBaseUrl("smt"))).code).toBe(ErrorCodes.Csds.Failure);
    const userinfo = await rejection(fresh().getBaseUrl("x"));
    expect(userinfo.code).toBe(ErrorCodes.Csds.Failure);
  });

  it("fails with op-failed on a network error, after one retry, naming the cause", async () => {
    other = await startServer();
    const url = other.url;
    await other.close();
    other = undefined;
    resetConfig();
    configure({ brandId: ACCOUNT, csdsDomain: url, rateLimit: false });
    const error = await rejection(createCsdsClient({ cache: new CsdsCache(), retryDelayMs: 1 }).get("msgHist"));
    expect(error).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Csds.Failure });
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.cause).toBeDefined();
  });

  it("refuses to look up without an account id, before any request", async () => {
    lp = await startFakeLivePerson({ account: ACCOUNT, keys: [] });
    resetConfig();
    configure({ csdsDomain: lp.url, rateLimit: false });
    const error = await rejection(createCsdsClient({ cache: new CsdsCache() }).get("msgHist"));
    expect(error).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Toolbelt.InvalidConfig });
    expect(error.message).toContain("BRAND_ID");
    expect(error.message).toContain("Toolbelt.configure({ brandId");
    expect(lp.server.requests).toHaveLength(0);
  });

  it("encodes the account id in the lookup path", async () => {
    other = await startServer((_req, res) => void res.end('{"baseURIs":[]}'));
    resetConfig();
    configure({ brandId: "a/../b?c", csdsDomain: other.url, rateLimit: false });
    await rejection(createCsdsClient({ cache: new CsdsCache() }).get("msgHist"));
    expect(other.requests[0]!.url).toBe("/api/account/a%2F..%2Fb%3Fc/service/baseURI.json?version=1.0");
  });
});
