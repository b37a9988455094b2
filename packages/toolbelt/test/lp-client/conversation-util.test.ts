/** ConversationUtil.getConversationById against the fake LivePerson (signatures verified by the RFC 5849 checker). */
import { afterEach, describe, expect, it } from "vitest";
import { configure, resetConfig } from "../../src/config/resolve-config";
import type { ToolbeltSettings } from "../../src/config/types";
import { ConversationContentTypes } from "../../src/enums/conversation-content-types";
import { ErrorCodes } from "../../src/errors/codes";
import { ToolbeltError } from "../../src/errors/toolbelt-error";
import { Toolbelt } from "../../src/toolbelt";
import { startServer } from "../helpers/servers";
import { rejection, startFakeLivePerson, type ApiCall, type ApiKey, type FakeLivePerson } from "./fake-liveperson";

const ACCOUNT = "le12345678";
const KEY: ApiKey = { consumerKey: "ck-conv", consumerSecret: "cs-S3CRET-conv", token: "tk-conv", tokenSecret: "ts-S3CRET-conv" };
const ID = "c944f008-4761-4f43-9536-6948017eace5";
const SEARCH = `/messaging_history/api/account/${ACCOUNT}/conversations/conversation/search?v=2&source=FaaS_Toolbelt`;

const CONVERSATION = {
  _metadata: { count: 1 },
  conversationHistoryRecords: [
    {
      info: { conversationId: ID },
      messageRecords: [
        { type: "TEXT_PLAIN", messageData: { msg: { text: "I want a refund please" } }, timeL: 1569572377158, sentBy: "Consumer" },
        { type: "TEXT_PLAIN", messageData: { msg: { text: "Sure" } }, timeL: 1569572377270, sentBy: "Agent" },
      ],
    },
  ],
};

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  resetConfig();
  while (servers.length) await servers.pop()!.close();
});

async function fakeLp(api: (call: ApiCall) => void, options: Partial<Parameters<typeof startFakeLivePerson>[0]> = {}): Promise<FakeLivePerson> {
  const lp = await startFakeLivePerson({ account: ACCOUNT, keys: [KEY], api, ...options });
  servers.push(lp);
  return lp;
}

function setup(lp: FakeLivePerson, settings: ToolbeltSettings = {}): void {
  resetConfig();
  configure({ brandId: ACCOUNT, csdsDomain: lp.url, rateLimit: false, secrets: { "lp-faas-default-app-key": KEY }, ...settings });
}

describe("ConversationUtil.getConversationById", () => {
  it("POSTs the search to msgHist, signed, and resolves the conversation (seed example)", async () => {
    const lp = await fakeLp((call) => call.json(200, CONVERSATION));
    setup(lp);

    // --- the seed's example ---
    const conversationUtil = Toolbelt.ConversationUtil();
    const conversationId = ID;
    const contentToRetrieve = [ConversationContentTypes.SDES, ConversationContentTypes.UNAUTH_SDES];
    const conversation = await conversationUtil.getConversationById(conversationId, contentToRetrieve);
    // ---

    expect(conversation).toEqual(CONVERSATION);
    const [request] = lp.apiRequests;
    expect(request).toMatchObject({ method: "POST", target: SEARCH });
    expect(request!.verdict.ok).toBe(true);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual({ conversationId: ID, contentToRetrieve: ["sdes", "unAuthSdes"] });
  });

  it("omits contentToRetrieve when absent or empty", async () => {
    const lp = await fakeLp((call) => call.json(200, CONVERSATION));
    setup(lp);
    const util = Toolbelt.ConversationUtil();
    await util.getConversationById(ID);
    await util.getConversationById(ID, []);
    expect(lp.apiRequests.map((r) => JSON.parse(r.body))).toEqual([{ conversationId: ID }, { conversationId: ID }]);
  });

  it("encodes the account id in the path", async () => {
    const account = "le/1?x";
    const lp = await startFakeLivePerson({ account, keys: [KEY], api: (call) => call.json(200, CONVERSATION) });
    servers.push(lp);
    resetConfig();
    configure({ brandId: account, csdsDomain: lp.url, rateLimit: false, secrets: { "lp-faas-default-app-key": KEY } });
    await Toolbelt.ConversationUtil().getConversationById(ID);
    expect(lp.apiRequests[0]!.target).toBe("/messaging_history/api/account/le%2F1%3Fx/conversations/conversation/search?v=2&source=FaaS_Toolbelt");
  });

  it("reports an empty record list as conversation.not-found", async () => {
    const lp = await fakeLp((call) => call.json(200, { _metadata: { count: 0 }, conversationHistoryRecords: [] }));
    setup(lp);
    const error = await rejection(Toolbelt.ConversationUtil().getConversationById("nope-1"));
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).toMatchObject({ component: "Conversation-Util", code: ErrorCodes.ConversationUtil.NotFound, message: 'Conversation "nope-1" not found.' });
  });

  it("reports anything but a conversation as unexpected-response, with the status", async () => {
    const answers: Array<[number, unknown]> = [
      [200, { conversationHistoryRecords: [] }],
      [200, { _metadata: null, conversationHistoryRecords: [] }],
      [200, { _metadata: {}, conversationHistoryRecords: {} }],
      [200, "plain text"],
      [200, [CONVERSATION]],
      [500, { error: "internal" }],
      [400, CONVERSATION],
    ];
    let next = 0;
    const lp = await fakeLp((call) => {
      const [status, body] = answers[next++]!;
      if (typeof body === "string") {
        call.res.statusCode = status;
        call.res.end(body);
      } else call.json(status, body);
    });
    setup(lp);
    const util = Toolbelt.ConversationUtil();
    for (const [status, body] of answers) {
      const error = await rejection(util.getConversationById(ID));
      expect(error).toMatchObject({ component: "Conversation-Util", code: ErrorCodes.ConversationUtil.UnexpectedResponse });
      expect(error.message).toBe(`Unexpected response: ${typeof body === "string" ? body : JSON.stringify(body)}. Status Code: ${status}`);
    }
  });

  it("a 401 is retried once, then reported as unexpected-response", async () => {
    const lp = await fakeLp((call) => call.json(401, { error: "Unauthorized" }));
    setup(lp);
    const error = await rejection(Toolbelt.ConversationUtil().getConversationById(ID));
    expect(error).toMatchObject({ code: ErrorCodes.ConversationUtil.UnexpectedResponse });
    expect(error.message).toContain("Status Code: 401");
    expect(lp.apiRequests).toHaveLength(2);
  });

  it("rejects a missing or empty id with conversation-util-general, as a rejected promise, before any request", async () => {
    const lp = await fakeLp((call) => call.json(200, CONVERSATION));
    setup(lp);
    const util = Toolbelt.ConversationUtil();
    for (const id of ["", "   ", undefined, null, 42]) {
      const promise = util.getConversationById(id as unknown as string);
      expect(promise).toBeInstanceOf(Promise);
      const error = await rejection(promise);
      expect(error).toBeInstanceOf(ToolbeltError);
      expect(error).toMatchObject({ component: "Conversation-Util", code: ErrorCodes.ConversationUtil.General, message: "Please provide a conversation ID." });
    }
    const bad = await rejection(util.getConversationById(ID, "sdes" as unknown as ConversationContentTypes[]));
    expect(bad).toMatchObject({ code: ErrorCodes.ConversationUtil.General });
    expect(lp.server.requests).toHaveLength(0);
  });

  it("needs an account id, and says how to set it", async () => {
    const lp = await fakeLp((call) => call.json(200, CONVERSATION));
    resetConfig();
    configure({ csdsDomain: lp.url, rateLimit: false, secrets: { "lp-faas-default-app-key": KEY } });
    const error = await rejection(Toolbelt.ConversationUtil().getConversationById(ID));
    expect(error).toMatchObject({ component: "Conversation-Util", code: ErrorCodes.Toolbelt.InvalidConfig });
    expect(error.message).toContain("BRAND_ID");
    expect(lp.server.requests).toHaveLength(0);
  });

  it("lets CSDS and credential errors through unchanged", async () => {
    const lp = await fakeLp((call) => call.json(200, CONVERSATION), { services: ["smt"] });
    setup(lp);
    expect(await rejection(Toolbelt.ConversationUtil().getConversationById(ID))).toMatchObject({ component: "CSDS-Client", code: ErrorCodes.Csds.NotFound });
    const lp2 = await fakeLp((call) => call.json(200, CONVERSATION));
    setup(lp2, { secrets: { "lp-faas-default-app-key": { consumerKey: "x" } } });
    expect(await rejection(Toolbelt.ConversationUtil().getConversationById(ID))).toMatchObject({
      component: "LpClient",
      code: ErrorCodes.LpClient.Creds.Format,
    });
    setup(lp2, { secrets: {} });
    expect(await rejection(Toolbelt.ConversationUtil().getConversationById(ID))).toMatchObject({ code: ErrorCodes.Secret.NotFound });
  });

  it("wraps a network failure as conversation-util-general naming the conversation", async () => {
    const dead = await startServer();
    const deadUrl = dead.url;
    await dead.close();
    const lp = await fakeLp((call) => call.json(200, CONVERSATION), { baseUri: () => deadUrl });
    setup(lp);
    const error = await rejection(Toolbelt.ConversationUtil().getConversationById(ID));
    expect(error).toMatchObject({ component: "Conversation-Util", code: ErrorCodes.ConversationUtil.General });
    expect(error.message).toMatch(new RegExp(`^Error while fetching conversation "${ID}": .*ECONNREFUSED`));
    expect(error.message).not.toContain(KEY.consumerSecret);
  });
});

describe("ConversationUtil.scanConversationForKeywords", () => {
  it("delegates to the keyword scanner", () => {
    const results = Toolbelt.ConversationUtil().scanConversationForKeywords(CONVERSATION, ["refund"]);
    expect(results).toEqual([{ message: "I want a refund please", sentTimestamp: 1569572377158, sentBy: "Consumer", tag: "keywordRef:refund" }]);
  });
});
