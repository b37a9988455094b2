/** ConversationUtil, SDEUtil, GDPRUtil and SFClient of the V2 entry against real stand-ins (wire §3–6, B17–B20). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Conversation } from "../../src/conversation/types";
import { createConversationUtil } from "../../src/v2/conversation/conversation-util";
import { ErrorCodes } from "../../src/v2/errors/codes";
import { ToolBeltError } from "../../src/v2/errors/toolbelt-error";
import { createGDPRUtil } from "../../src/v2/gdpr/gdpr-util";
import { createSFClient } from "../../src/v2/salesforce/sf-client";
import { createSDEUtil } from "../../src/v2/sde/sde-util";
import { ACCOUNT, startFakeLivePerson, type FakeLivePerson } from "./fake-liveperson-v2";
import { clearV2Environment, useV2Environment } from "./v2-env";

let fake: FakeLivePerson;
beforeAll(async () => {
  fake = await startFakeLivePerson();
});
afterAll(() => fake.close());
beforeEach(() => useV2Environment(fake));
afterEach(() => {
  clearV2Environment();
  fake.reset();
});

const message = (type: string, text: string, timeL: number, extra: Record<string, unknown> = {}) => ({
  type,
  messageData: type === "HOSTED_FILE" ? { file: { caption: text, ...extra } } : { msg: { text } },
  timeL,
  sentBy: "Consumer",
});

const conversation: Conversation = {
  _metadata: { count: 1 },
  conversationHistoryRecords: [
    {
      messageRecords: [message("TEXT_PLAIN", "I love c++ and (parens)", 1), message("TEXT_PLAIN", "a.b is not axb", 2)],
      sdes: {
        events: [
          { serverTimeStamp: "10", n: "late" },
          { serverTimeStamp: "9", n: "early" },
          { serverTimeStamp: "9", n: "early-2" },
        ],
      },
    },
  ],
};

describe("V2 ConversationUtil", () => {
  it("searches Messaging Interactions as V2 does and returns the conversation", async () => {
    fake.api = (req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(conversation));
    };
    const util = createConversationUtil();
    expect(await util.getConversationById("conv-1", ["messageRecords"])).toEqual(conversation);
    const [search] = fake.requestsTo("/messaging_history/");
    expect(search!.url).toBe(`/messaging_history/api/account/${ACCOUNT}/conversations/conversation/search?v=2&company=lp&source=FaaS_Toolbelt`);
    expect(search!.method).toBe("POST");
    expect(search!.headers["content-type"]).toBe("application/json");
    expect(search!.headers["x-request-id"]).toBeTruthy();
    expect(JSON.parse(search!.body.toString())).toEqual({ conversationId: "conv-1", contentToRetrieve: ["messageRecords"] });
  });

  it("an empty result is not-found; another shape or status is an unexpected response", async () => {
    const util = createConversationUtil();
    fake.api = (_req, res) => {
      res.end(JSON.stringify({ _metadata: {}, conversationHistoryRecords: [] }));
    };
    await expect(util.getConversationById("gone")).rejects.toMatchObject({
      code: ErrorCodes.ConversationUtil.NotFound,
      message: 'Conversation "gone" not found.',
    });
    fake.api = (_req, res) => {
      res.statusCode = 503;
      res.end("busy");
    };
    await expect(util.getConversationById("x")).rejects.toMatchObject({
      code: ErrorCodes.ConversationUtil.UnexpectedResponse,
      component: "Conversation-Util",
      message: "Unexpected response: busy. Status Code: 503",
    });
    await expect(util.getConversationById("")).rejects.toMatchObject({ code: ErrorCodes.ConversationUtil.General });
  });

  it("B18: keywords are literal text: regex syntax neither throws nor matches as a pattern", () => {
    const util = createConversationUtil();
    const hits = util.scanConversationForKeywords(conversation, ["c++", "(", "a.b", "[unclosed"]);
    expect(hits.map((h) => h.tag)).toEqual(["keywordRef:c++", "keywordRef:(", "keywordRef:a.b"]);
    expect(hits.find((h) => h.tag === "keywordRef:a.b")).toMatchObject({ message: "a.b is not axb", sentTimestamp: 2, sentBy: "Consumer" });
    expect(() => util.scanConversationForKeywords(null as unknown as Conversation, ["x"])).toThrow(ToolBeltError);
  });
});

describe("V2 SDEUtil", () => {
  it("B19: PUTs the SDEs with the visitor and session ids encoded", async () => {
    fake.api = (_req, res) => {
      res.statusCode = 200;
      res.end("{}");
    };
    await createSDEUtil().addSDEs([{ type: "ctmrinfo", info: { cstatus: "gold" } }], "visitor/../x", "s id&v=2");
    const [put] = fake.requestsTo("/api/account/");
    expect(put!.url).toBe(`/api/account/${ACCOUNT}/monitoring/visitors/visitor%2F..%2Fx/visits/current/events?v=1&sid=s%20id%26v%3D2`);
    expect(put!.method).toBe("PUT");
    expect(JSON.parse(put!.body.toString())).toEqual([{ type: "ctmrinfo", info: { cstatus: "gold" } }]);
  });

  it("a non-2xx answer is an unexpected response; no SDEs is a general error", async () => {
    fake.api = (_req, res) => {
      res.statusCode = 400;
      res.end("bad sde");
    };
    const util = createSDEUtil();
    await expect(util.addSDEs([{ type: "cart" }], "v", "s")).rejects.toMatchObject({
      code: ErrorCodes.SDEsUtil.UnexpectedResponse,
      message: "Unexpected response: bad sde. Status Code: 400",
    });
    await expect(util.addSDEs([], "v", "s")).rejects.toMatchObject({ code: ErrorCodes.SDEsUtil.General, component: "SDE-Util" });
    await expect(util.addSDEs([{ type: "cart" }], "..", "s")).rejects.toBeInstanceOf(ToolBeltError);
  });

  it("B19: getSDEsFromConv sorts stably by serverTimeStamp as a number into new arrays", () => {
    const before = JSON.stringify(conversation);
    const { sdes, unAuthSdes } = createSDEUtil().getSDEsFromConv(conversation);
    expect(sdes.events.map((e) => e.n)).toEqual(["early", "early-2", "late"]);
    expect(unAuthSdes.events).toEqual([]);
    expect(JSON.stringify(conversation)).toBe(before);
  });
});

describe("V2 GDPRUtil", () => {
  const withFiles: Conversation = {
    _metadata: {},
    conversationHistoryRecords: [
      {
        messageRecords: [
          message("HOSTED_FILE", "pic", 1, { relativePath: "/storage/a.png" }),
          message("HOSTED_FILE", "evil", 2, { relativePath: "@evil.example/x.png" }),
        ],
      },
      { messageRecords: [message("HOSTED_FILE", "second record", 3, { relativePath: "/storage/b.png" })] },
    ],
  };

  it("B20: replaces the files of every record, refuses paths that leave the storage host, never sends the token elsewhere", async () => {
    const puts: string[] = [];
    fake.storage = (req, res) => {
      if (req.url === "/auth/v1.0") {
        const ok = req.headers["x-auth-user"] === "user" && req.headers["x-auth-key"] === "pw";
        res.statusCode = ok ? 200 : 401;
        if (ok) res.setHeader("x-auth-token", "swift-token");
        return void res.end();
      }
      if (req.headers["x-auth-token"] === "swift-token" && req.method === "PUT") puts.push(`${req.url} ${req.headers["content-type"]} ${req.body.length}`);
      res.statusCode = 201;
      res.end();
    };
    const error = (await createGDPRUtil()
      .replaceConversationFiles(withFiles, { username: "user", password: "pw" })
      .catch((e: unknown) => e)) as ToolBeltError & { replaced: string[]; failed: Array<{ path: string }> };
    expect(error).toBeInstanceOf(ToolBeltError);
    expect(error.code).toBe(ErrorCodes.GDPRUtil.ReplaceFileFailed);
    expect(error.replaced).toEqual(["/storage/a.png", "/storage/b.png"]);
    expect(error.failed.map((f) => f.path)).toEqual(["@evil.example/x.png"]);
    expect(error.message).not.toContain("swift-token");
    expect(puts.sort()).toEqual(["/storage/a.png image/png 68", "/storage/b.png image/png 68"]);

    const clean = {
      ...withFiles,
      conversationHistoryRecords: withFiles.conversationHistoryRecords.map((r) => ({
        messageRecords: r.messageRecords!.filter((m) => m.messageData.file?.caption !== "evil"),
      })),
    };
    expect(await createGDPRUtil().replaceConversationFiles(clean, { username: "user", password: "pw" })).toEqual(["/storage/a.png", "/storage/b.png"]);
  });

  it("a refused login is gdpr-util.auth-failed", async () => {
    fake.storage = (_req, res) => {
      res.statusCode = 401;
      res.end("no");
    };
    await expect(createGDPRUtil().replaceConversationFiles(withFiles, { username: "user", password: "wrong" })).rejects.toMatchObject({
      code: ErrorCodes.GDPRUtil.AuthFailure,
      component: "GDPR-Util",
    });
  });
});

describe("V2 SFClient", () => {
  it("B17: connectToSalesforce returns a real jsforce Connection, not a stub", async () => {
    const { Connection } = await import("jsforce");
    const connection = createSFClient().connectToSalesforce({ instanceUrl: fake.url, accessToken: "t", version: "59.0" });
    expect(connection).toBeInstanceOf(Connection);
    expect(connection.instanceUrl).toBe(fake.url);
    expect(typeof connection.query).toBe("function");
    expect(connection).not.toHaveProperty("params");
  });
});
