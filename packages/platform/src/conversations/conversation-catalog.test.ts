import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConversationStateStore } from "../state/conversations";
import { openStateDb, type StateDb } from "../state/db";
import { createConversationCatalog, hasAuthenticatedConsumer, visitOf, type ConversationCatalog } from "./conversation-catalog";
import { sdeToConversationEvent } from "./sde-events";

let dir: string;
let db: StateDb;
let clock: number;
let catalog: ConversationCatalog;

const fixture = (name: string, content: unknown) => {
  mkdirSync(join(dir, "fixtures", "conversations"), { recursive: true });
  writeFileSync(join(dir, "fixtures", "conversations", name), JSON.stringify(content));
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-catalog-"));
  db = openStateDb(":memory:");
  clock = 1_700_000_000_000;
  catalog = createConversationCatalog({ projectDir: dir, store: createConversationStateStore(db), now: () => clock });
  fixture("auth.json", {
    _metadata: { count: 1 },
    conversationHistoryRecords: [
      {
        info: { conversationId: "conv-auth", status: "OPEN", startTimeL: 1, latestSkillName: "Orders", visitorId: "V1", sessionId: "S1" },
        messageRecords: [{ type: "TEXT_PLAIN", messageData: { msg: { text: "hi" } }, timeL: 2, sentBy: "Consumer" }],
        consumerParticipants: [{ participantId: "p1", authenticated: true }],
        campaign: { campaignId: "c" },
        sdes: { events: [{ customerInfo: { serverTimeStamp: "10", customerInfo: { customerId: "x" } }, sdeType: "CUSTOMER_INFO", serverTimeStamp: "10" }] },
        unAuthSdes: {
          events: [{ searchContent: { serverTimeStamp: "5", keywords: ["a"] }, sdeType: "SEARCH_CONTENT", serverTimeStamp: "5", isAuthenticated: false }],
        },
      },
    ],
  });
  fixture("unauth.json", {
    info: { conversationId: "conv-unauth", status: "CLOSE" },
    consumerParticipants: [{ participantId: "p2", visitorId: "V2", sessionId: "S2", authenticated: false }],
  });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SDE events", () => {
  it("shapes each SDE type as Messaging Interactions shows it", () => {
    expect(sdeToConversationEvent({ type: "ctmrinfo", info: { cstatus: "gold", customerId: "c1" } }, 1700000000123, true)).toEqual({
      customerInfo: { serverTimeStamp: "1700000000123", customerInfo: { customerStatus: "gold", customerId: "c1" } },
      sdeType: "CUSTOMER_INFO",
      serverTimeStamp: "1700000000123",
    });
    expect(
      sdeToConversationEvent(
        { type: "personal", personal: { firstname: "Ada", lastname: "L", contacts: [{ email: "a@x" }], age: { age: 36, year: 1815 } } },
        5,
        false,
      ),
    ).toEqual({
      personalInfo: {
        serverTimeStamp: "5",
        isAuthenticated: false,
        personalInfo: {
          name: "Ada",
          surname: "L",
          contacts: [{ personalContact: { email: "a@x" } }],
          customerAge: { customerAgeInYears: 36, customerYearOfBirth: 1815, customerMonthOfBirth: undefined, customerDateOfBirth: undefined },
        },
      },
      sdeType: "PERSONAL_INFO",
      serverTimeStamp: "5",
      isAuthenticated: false,
    });
    expect(sdeToConversationEvent({ type: "cart", total: 11.7, numItems: 2, products: [] }, 7, true)).toEqual({
      cartStatus: { serverTimeStamp: "7", total: 11.7, numItems: 2, products: [] },
      sdeType: "CART_STATUS",
      serverTimeStamp: "7",
    });
    expect(sdeToConversationEvent({ type: "lead", lead: { topic: "t" } }, 7, true)).toMatchObject({ lead: { lead: { topic: "t" } }, sdeType: "LEAD" });
    expect(sdeToConversationEvent({ type: "orderId", orderId: "o-1" }, 7, true)).toEqual({
      orderId: { serverTimeStamp: "7", orderId: "o-1" },
      sdeType: "ORDER_ID",
      serverTimeStamp: "7",
    });
  });
});

describe("conversation catalog", () => {
  it("reads a conversation's visit and whether its consumer is authenticated", () => {
    expect(visitOf({ info: { conversationId: "a", visitorId: "V", sessionId: "S" } })).toEqual({ visitorId: "V", sessionId: "S" });
    expect(visitOf({ info: { conversationId: "a" }, consumerParticipants: [{}, { visitorId: "V2", sessionId: "S2" }] })).toEqual({
      visitorId: "V2",
      sessionId: "S2",
    });
    expect(visitOf({ info: { conversationId: "a", visitorId: "" } })).toEqual({});
    expect(hasAuthenticatedConsumer({ info: { conversationId: "a" } })).toBe(true);
    expect(hasAuthenticatedConsumer({ info: { conversationId: "a" }, consumerParticipants: [{ authenticated: false }, {}] })).toBe(true);
    expect(hasAuthenticatedConsumer({ info: { conversationId: "a" }, consumerParticipants: [{ authenticated: false }] })).toBe(false);
  });

  it("lists fixtures with summaries", () => {
    const { conversations, problems } = catalog.list();
    expect(problems).toEqual([]);
    expect(conversations).toEqual([
      {
        conversationId: "conv-auth",
        status: "OPEN",
        startTime: 1,
        latestSkillName: "Orders",
        messages: 1,
        visitorId: "V1",
        sessionId: "S1",
        sdeEvents: 2,
        source: "fixture",
        file: "fixtures/conversations/auth.json",
      },
      {
        conversationId: "conv-unauth",
        status: "CLOSE",
        startTime: null,
        latestSkillName: null,
        messages: 0,
        visitorId: "V2",
        sessionId: "S2",
        sdeEvents: 0,
        source: "fixture",
        file: "fixtures/conversations/unauth.json",
      },
    ]);
  });

  it("merges a visit's SDEs into sdes (authenticated consumer) or unAuthSdes, after the record's own events", () => {
    clock = 1_700_000_000_500;
    expect(catalog.addSdes({ accountId: "1", visitorId: "V1", sessionId: "S1" }, [{ type: "ctmrinfo", info: { customerId: "new" } }])).toEqual({
      serverTimeStamp: "1700000000500",
      conversationIds: ["conv-auth"],
    });
    expect(catalog.addSdes({ accountId: "1", visitorId: "V1", sessionId: "other" }, [{ type: "lead", lead: {} }]).conversationIds).toEqual([]);
    catalog.addSdes({ accountId: "1", visitorId: "V2", sessionId: "S2" }, [{ type: "searchInfo", keywords: ["refund"] }]);
    const [auth] = catalog.search("conv-auth", { includeUnAuthSdes: true });
    expect((auth!.sdes as { events: unknown[] }).events).toEqual([
      expect.objectContaining({ sdeType: "CUSTOMER_INFO", serverTimeStamp: "10" }),
      { customerInfo: { serverTimeStamp: "1700000000500", customerInfo: { customerId: "new" } }, sdeType: "CUSTOMER_INFO", serverTimeStamp: "1700000000500" },
    ]);
    expect((auth!.unAuthSdes as { events: unknown[] }).events).toHaveLength(1);
    const [unauth] = catalog.search("conv-unauth", { includeUnAuthSdes: true });
    expect(unauth!.sdes).toEqual({ events: [] });
    expect(unauth!.unAuthSdes).toEqual({
      events: [
        {
          searchContent: { serverTimeStamp: "1700000000500", keywords: ["refund"] },
          sdeType: "SEARCH_CONTENT",
          serverTimeStamp: "1700000000500",
          isAuthenticated: false,
        },
      ],
    });
  });

  it("honours contentToRetrieve (info always) and leaves unAuthSdes out for v=1", () => {
    expect(catalog.search("nope", { includeUnAuthSdes: true })).toEqual([]);
    const [picked] = catalog.search("conv-auth", { contentToRetrieve: ["messageRecords", "sdes", "unknownThing", "unAuthSdes"], includeUnAuthSdes: true });
    expect(Object.keys(picked!)).toEqual(["info", "messageRecords", "sdes", "unAuthSdes"]);
    const [v1] = catalog.search("conv-auth", { contentToRetrieve: ["unAuthSdes", "campaign"], includeUnAuthSdes: false });
    expect(Object.keys(v1!)).toEqual(["info", "campaign"]);
    const [all] = catalog.search("conv-auth", { includeUnAuthSdes: false });
    expect(Object.keys(all!).sort()).toEqual(["campaign", "consumerParticipants", "info", "messageRecords", "sdes"]);
  });

  it("imports records (replacing a fixture of the same id), shows events sent before the import, and removes imported ones", () => {
    catalog.addSdes({ accountId: "1", visitorId: "V9", sessionId: "S9" }, [{ type: "lead", lead: { topic: "early" } }]);
    const imported = catalog.importDocument({ info: { conversationId: "conv-new", visitorId: "V9" } }, "body");
    expect(imported).toEqual([expect.objectContaining({ conversationId: "conv-new", source: "imported", sdeEvents: 1, sessionId: null })]);
    catalog.importDocument({ _metadata: {}, conversationHistoryRecords: [{ info: { conversationId: "conv-auth", status: "CLOSE" } }] }, "body");
    expect(catalog.get("conv-auth")!.record.info.status).toBe("CLOSE");
    expect(catalog.list().conversations.map((c) => [c.conversationId, c.source])).toEqual([
      ["conv-auth", "imported"],
      ["conv-unauth", "fixture"],
      ["conv-new", "imported"],
    ]);
    expect(catalog.remove("conv-auth")).toBe("removed");
    expect(catalog.get("conv-auth")!.summary.source).toBe("fixture");
    expect(catalog.remove("conv-auth")).toBe("fixture");
    expect(catalog.remove("nope")).toBe("missing");
  });

  it("serves fixtures only without a store", () => {
    const readOnly = createConversationCatalog({ projectDir: dir });
    expect(readOnly.list().conversations).toHaveLength(2);
    expect(readOnly.get("conv-auth")!.record.sdes).toMatchObject({ events: [expect.anything()] });
    expect(() => readOnly.importDocument({ info: { conversationId: "x" } }, "b")).toThrow(/state database/);
  });
});
