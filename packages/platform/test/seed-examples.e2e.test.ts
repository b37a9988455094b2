/**
 * The Functions documentation's LpClient, ConversationUtil and SDEUtil examples,
 * run as functions on the platform through the real toolbelt: CSDS discovery,
 * OAuth 1.0a with the app key `lp-faas init` provisions, the conversation
 * fixtures it writes. Each must succeed with the documented result shapes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoke as invokeFunction, writeFunction } from "./helpers";
import { scaffoldProject } from "../src/project/scaffold";
import { startPlatform, type RunningPlatform } from "../src/platform";

const CONVERSATION_ID = "3439894b-a73d-4eea-9616-faa095b7eaf0"; // fixtures/conversations/order-delivery-open.json
const VISITOR_ID = "tHx2mQ9rS0aW7bLk3yF1pA";
const SESSION_ID = "mZ4vB8nC2xQ7wE1rT6yU0a";

let dir: string;
let platform: RunningPlatform;

const addFunction = (name: string, source: string): void => writeFunction(dir, name, source);

const invoke = async (name: string, payload: unknown): Promise<{ result?: unknown; error?: { code: string; message: string } }> =>
  (await invokeFunction(platform, name, payload)).body;

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), "lp-faas-seed-")), "project");
  scaffoldProject(dir);
  // LpClient sample (seed "LivePerson Client"), with the default API key.
  addFunction(
    "lp_client_sample",
    `const { Toolbelt, LpServices } = require("lp-faas-toolbelt");
const lpClient = Toolbelt.LpClient();
function lambda(input, callback) {
  const conversationId = input.payload.conversationId;
  const options = { method: "POST", body: { conversationId }, json: true };
  lpClient(LpServices.MSG_HIST, \`/messaging_history/api/account/\${process.env.BRAND_ID}/conversations/conversation/search\`, options)
    .then((response) => callback(null, response))
    .catch((err) => callback(err, null));
}\n`,
  );
  // ConversationUtil samples: get by id with contentToRetrieve, then scan for keywords.
  addFunction(
    "conversation_sample",
    `const { Toolbelt, ConversationContentTypes } = require("lp-faas-toolbelt");
async function lambda(input) {
  const conversationUtil = Toolbelt.ConversationUtil();
  const contentToRetrieve = [ConversationContentTypes.SDES, ConversationContentTypes.UNAUTH_SDES];
  const withSdes = await conversationUtil.getConversationById(input.payload.conversationId, contentToRetrieve);
  const conversation = await conversationUtil.getConversationById(input.payload.conversationId);
  const keywords = ["Order", "refunded", "tracking"];
  const scannerResult = conversationUtil.scanConversationForKeywords(conversation, keywords);
  return { members: Object.keys(withSdes.conversationHistoryRecords[0]).sort(), scannerResult };
}
module.exports = { lambda };\n`,
  );
  // SDEUtil samples: add a PERSONAL_INFO SDE, then read the conversation's SDEs back.
  addFunction(
    "sde_sample",
    `const { Toolbelt, SDETypes, ConversationContentTypes } = require("lp-faas-toolbelt");
async function lambda(input) {
  const sdeUtil = Toolbelt.SDEUtil();
  const conversationUtil = Toolbelt.ConversationUtil();
  const sdes = [{ type: SDETypes.PERSONAL_INFO, personal: { contacts: [{ email: "john.doe@example.com" }] } }];
  const added = await sdeUtil.addSDEs(sdes, input.payload.visitorId, input.payload.sessionId);
  const conversation = await conversationUtil.getConversationById(input.payload.conversationId, [ConversationContentTypes.SDES, ConversationContentTypes.UNAUTH_SDES]);
  return { added: added === undefined ? "undefined" : added, sdes: sdeUtil.getSDEsFromConv(conversation) };
}
module.exports = { lambda };\n`,
  );
  platform = await startPlatform({ projectDir: dir, port: 0, timeoutMs: 10_000 });
}, 60_000);

afterAll(async () => {
  await platform?.close();
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

describe("the documentation's examples on the local platform", () => {
  it("LpClient: searches Messaging Interactions with the default API key", async () => {
    const answer = await invoke("lp_client_sample", { conversationId: CONVERSATION_ID });
    expect(answer.error).toBeUndefined();
    const body = answer.result as { _metadata: { count: number }; conversationHistoryRecords: Array<{ info: { conversationId: string } }> };
    expect(body._metadata.count).toBe(1);
    expect(body.conversationHistoryRecords[0]!.info.conversationId).toBe(CONVERSATION_ID);
  });

  it("ConversationUtil: getConversationById honours contentToRetrieve; scanConversationForKeywords gives the documented shape", async () => {
    const answer = await invoke("conversation_sample", { conversationId: CONVERSATION_ID });
    expect(answer.error).toBeUndefined();
    const { members, scannerResult } = answer.result as { members: string[]; scannerResult: Array<Record<string, unknown>> };
    expect(members).toEqual(["info", "sdes", "unAuthSdes"]);
    for (const entry of scannerResult) {
      expect(Object.keys(entry).sort()).toEqual(["message", "sentBy", "sentTimestamp", "tag"]);
      expect(typeof entry.sentTimestamp).toBe("number");
    }
    const tags = scannerResult.map((entry) => `${entry.tag as string} ${entry.sentBy as string}`);
    // Grouped by keyword, messages in conversation order; "Order" matches "order" and the HOSTED_FILE caption mentions "tracking".
    expect(tags).toEqual([
      "keywordRef:Order Consumer",
      "keywordRef:Order Agent",
      "keywordRef:Order Agent",
      "keywordRef:refunded Agent",
      "keywordRef:tracking Consumer",
      "keywordRef:tracking Consumer",
    ]);
    expect(scannerResult.at(-1)!.message).toBe("Screenshot of the tracking page");
  });

  it("SDEUtil: addSDEs resolves, and getSDEsFromConv shows the new event last, sorted ascending", async () => {
    const before = Date.now();
    const answer = await invoke("sde_sample", { conversationId: CONVERSATION_ID, visitorId: VISITOR_ID, sessionId: SESSION_ID });
    expect(answer.error).toBeUndefined();
    const { added, sdes } = answer.result as {
      added: unknown;
      sdes: { sdes: { events: Array<{ serverTimeStamp: string | number; sdeType: string }> }; unAuthSdes: { events: unknown[] } };
    };
    expect(added).toBe("undefined");
    const events = sdes.sdes.events;
    const stamps = events.map((event) => Number(event.serverTimeStamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ sdeType: "PERSONAL_INFO" });
    expect(Number(events.at(-1)!.serverTimeStamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(Array.isArray(sdes.unAuthSdes.events)).toBe(true);
  });
});
