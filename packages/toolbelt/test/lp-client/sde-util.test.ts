/** SDEUtil.addSDEs against the fake LivePerson (signatures verified by the RFC 5849 checker). */
import { afterEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import { SDETypes } from "../../src/enums/sde-types";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { Toolbelt } from "../../src/toolbelt";
import { startServer } from "../helpers/servers";
import { rejection, startFakeLivePerson, type ApiCall, type ApiKey, type FakeLivePerson } from "./fake-liveperson";

const ACCOUNT = "le12345678";
const KEY: ApiKey = { consumerKey: "ck-sde", consumerSecret: "cs-S3CRET-sde", token: "tk-sde", tokenSecret: "ts-S3CRET-sde" };
const SDES = [{ type: SDETypes.PERSONAL_INFO, personal: { contacts: [{ email: "john.doe@example.com" }] } }];

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  resetConfig();
  while (servers.length) await servers.pop()!.close();
});

async function fakeLp(
  api: (call: ApiCall) => void = (call) => call.json(200, {}),
  options: Partial<Parameters<typeof startFakeLivePerson>[0]> = {},
): Promise<FakeLivePerson> {
  const lp = await startFakeLivePerson({ account: ACCOUNT, keys: [KEY], api, ...options });
  servers.push(lp);
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: lp.url, rateLimit: false, secrets: { "lp-faas-default-app-key": KEY } });
  return lp;
}

/** The path segments as received, each decoded on its own. */
function segments(target: string): string[] {
  return target.split("?")[0]!.split("/").map(decodeURIComponent);
}

describe("SDEUtil.addSDEs", () => {
  it("PUTs the SDEs as a JSON array to smt, signed, and resolves undefined (seed example)", async () => {
    const lp = await fakeLp();

    // --- the seed's example ---
    const sdeUtil = Toolbelt.SDEUtil();
    const visitorId = "YyY2RlZGY3NzZjYoJhZGQx";
    const sessionId = "bjfYkPt-SYCqqZWDHNwSKQ";
    const sdes = [{ type: SDETypes.PERSONAL_INFO, personal: { contacts: [{ email: "john.doe@example.com" }] } }];
    const result = await sdeUtil.addSDEs(sdes, visitorId, sessionId);
    // ---

    expect(result).toBeUndefined();
    const [request] = lp.apiRequests;
    expect(request).toMatchObject({
      method: "PUT",
      target: `/api/account/${ACCOUNT}/monitoring/visitors/${visitorId}/visits/current/events?v=1&sid=${sessionId}`,
    });
    expect(request!.verdict.ok).toBe(true);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual(sdes);
  });

  it("keeps every id inside its own path segment or query value (no injection, no traversal)", async () => {
    const lp = await fakeLp();
    const visitorId = "v1&sid=x/../../../other?y=1#frag";
    const sessionId = "s1&v=2&sid=evil#x /ü";
    await Toolbelt.SDEUtil().addSDEs(SDES, visitorId, sessionId);
    const { target, verdict } = lp.apiRequests[0]!;
    expect(verdict.ok).toBe(true);
    expect(segments(target)).toEqual(["", "api", "account", ACCOUNT, "monitoring", "visitors", visitorId, "visits", "current", "events"]);
    const query = new URLSearchParams(target.split("?").slice(1).join("?"));
    expect([...query.keys()]).toEqual(["v", "sid"]);
    expect(query.get("v")).toBe("1");
    expect(query.get("sid")).toBe(sessionId);
  });

  it("refuses dot-segment ids the URL parser would resolve", async () => {
    const lp = await fakeLp();
    for (const visitorId of [".", ".."]) {
      const error = await rejection(Toolbelt.SDEUtil().addSDEs(SDES, visitorId, "s"));
      expect(error).toMatchObject({ component: "SDE-Util", code: ErrorCodes.SDEsUtil.General });
    }
    expect(lp.server.requests).toHaveLength(0);
  });

  it("reports non-2xx as sdes-util.unexpected-response with the body text and status", async () => {
    let answer: [number, string] = [400, "bad sde"];
    const lp = await fakeLp((call) => {
      call.res.statusCode = answer[0];
      call.res.end(answer[1]);
    });
    const util = Toolbelt.SDEUtil();
    let error = await rejection(util.addSDEs(SDES, "v", "s"));
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({
      component: "SDE-Util",
      code: ErrorCodes.SDEsUtil.UnexpectedResponse,
      message: "Unexpected response: bad sde. Status Code: 400",
    });
    answer = [503, '{"error":"down"}'];
    error = await rejection(util.addSDEs(SDES, "v", "s"));
    expect(error.message).toBe('Unexpected response: {"error":"down"}. Status Code: 503');
    // 3xx is not success either (PUT redirects are not followed).
    answer = [302, ""];
    expect((await rejection(util.addSDEs(SDES, "v", "s"))).code).toBe(ErrorCodes.SDEsUtil.UnexpectedResponse);
    expect(lp.apiRequests).toHaveLength(3);
  });

  it("validates its arguments with ToolbeltErrors (never TypeErrors), before any request", async () => {
    const lp = await fakeLp();
    const util = Toolbelt.SDEUtil();
    const call = (...args: unknown[]) => (util.addSDEs as (...a: unknown[]) => Promise<void>)(...args);
    for (const sdes of [undefined, null, [], {}, "sdes", 1, { length: 1 }]) {
      const promise = call(sdes, "v", "s");
      expect(promise).toBeInstanceOf(Promise);
      const error = await rejection(promise);
      expect(error).toBeInstanceOf(ToolbeltError);
      expect(error).toMatchObject({ component: "SDE-Util", code: ErrorCodes.SDEsUtil.General, message: "Please provide one or more SDEs" });
    }
    expect(await rejection(call([null], "v", "s"))).toMatchObject({ code: ErrorCodes.SDEsUtil.General });
    expect(await rejection(call([SDES[0], [1]], "v", "s"))).toMatchObject({ code: ErrorCodes.SDEsUtil.General });
    for (const [visitorId, sessionId, what] of [
      [undefined, "s", "visitor ID"],
      ["", "s", "visitor ID"],
      [5, "s", "visitor ID"],
      ["v", undefined, "session ID"],
      ["v", " ", "session ID"],
    ] as const) {
      const error = await rejection(call(SDES, visitorId, sessionId));
      expect(error).toMatchObject({ component: "SDE-Util", code: ErrorCodes.SDEsUtil.General, message: `Please provide a ${what}.` });
    }
    expect(lp.server.requests).toHaveLength(0);
  });

  it("wraps a network failure as sdes-util-general; CSDS errors pass through", async () => {
    const dead = await startServer();
    const deadUrl = dead.url;
    await dead.close();
    await fakeLp(undefined, { baseUri: () => deadUrl });
    const error = await rejection(Toolbelt.SDEUtil().addSDEs(SDES, "v", "s"));
    expect(error).toMatchObject({ component: "SDE-Util", code: ErrorCodes.SDEsUtil.General });
    expect(error.message).toMatch(/^Error while setting SDEs: .*ECONNREFUSED/);
    await fakeLp(undefined, { services: ["msgHist"] });
    expect(await rejection(Toolbelt.SDEUtil().addSDEs(SDES, "v", "s"))).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Csds.NotFound });
  });

  it("needs an account id", async () => {
    const lp = await fakeLp();
    resetConfig();
    configure({ csdsDomain: lp.url, rateLimit: false, secrets: { "lp-faas-default-app-key": KEY } });
    expect(await rejection(Toolbelt.SDEUtil().addSDEs(SDES, "v", "s"))).toMatchObject({ component: "SDE-Util", code: ErrorCodes.Toolbelt.InvalidConfig });
    expect(lp.server.requests).toHaveLength(0);
  });
});

describe("SDEUtil.getSDEsFromConv", () => {
  it("delegates to the SDE extraction", () => {
    const conversation = {
      _metadata: {},
      conversationHistoryRecords: [
        {
          sdes: {
            events: [
              { serverTimeStamp: "20", b: 1 },
              { serverTimeStamp: "3", a: 1 },
            ],
          },
        },
      ],
    };
    const result = Toolbelt.SDEUtil().getSDEsFromConv(conversation);
    expect(result.sdes.events.map((e) => e.serverTimeStamp)).toEqual(["3", "20"]);
    expect(result.unAuthSdes).toEqual({ events: [] });
  });
});
