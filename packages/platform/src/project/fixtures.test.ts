import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { httpStatusOf, PlatformError } from "../errors";
import { extractConversationRecords, loadConversationFixtures } from "./fixtures";
import { scaffoldProject } from "./scaffold";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-faas-fixtures-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const record = (id: string, extra: Record<string, unknown> = {}) => ({ info: { conversationId: id, status: "OPEN" }, messageRecords: [], ...extra });
const write = (name: string, content: unknown) => {
  mkdirSync(join(dir, "fixtures", "conversations"), { recursive: true });
  writeFileSync(join(dir, "fixtures", "conversations", name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
};

describe("extractConversationRecords", () => {
  it("takes a search response's records or a bare record", () => {
    expect(
      extractConversationRecords({ _metadata: { count: 2 }, conversationHistoryRecords: [record("a"), record("b")] }, "x").map((r) => r.info.conversationId),
    ).toEqual(["a", "b"]);
    expect(extractConversationRecords(record("c"), "x")[0]!.info.conversationId).toBe("c");
  });

  it.each([
    [null, /must be a Messaging Interactions search response/],
    [[record("a")], /must be a Messaging Interactions search response/],
    [{ foo: 1 }, /must be a Messaging Interactions search response/],
    [{ conversationHistoryRecords: {} }, /"conversationHistoryRecords" must be an array/],
    [{ conversationHistoryRecords: [] }, /holds no conversation/],
    [{ conversationHistoryRecords: [{ info: {} }] }, /conversationHistoryRecords\[0\]: "info.conversationId" must be a non-empty string/],
    [{ info: "x" }, /has no "info" object/],
    [{ info: { conversationId: "" } }, /non-empty string/],
    [{ info: { conversationId: "x".repeat(201) } }, /at most 200/],
    [record("a", { messageRecords: {} }), /"messageRecords" must be an array/],
    [record("a", { sdes: { events: {} } }), /"sdes" must be \{ "events": \[...\] \}/],
    [record("a", { unAuthSdes: [] }), /"unAuthSdes" must be/],
    [{ info: { conversationId: "a", visitorId: 5 } }, /"info.visitorId" must be a string/],
    [{ conversationHistoryRecords: [record("a"), record("a")] }, /holds conversation a twice/],
  ])("refuses %j", (value, message) => {
    let error: unknown;
    try {
      extractConversationRecords(value, "The body");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlatformError);
    expect(httpStatusOf((error as PlatformError).code)).toBe(400);
    expect((error as PlatformError).message).toMatch(message);
  });
});

describe("loadConversationFixtures", () => {
  it("is empty without a fixtures folder", () => {
    expect(loadConversationFixtures(dir)).toEqual({ conversations: [], problems: [] });
  });

  it("loads every .json file in name order, reports bad files with their path and keeps the rest", () => {
    write("b.json", { _metadata: {}, conversationHistoryRecords: [record("id-b1"), record("id-b2")] });
    write("a.json", record("id-a"));
    write("c.json", '{ "info": { "conversationId": "id-c" ,, }');
    write("d.json", { hello: "world" });
    write("e.json", record("id-a"));
    write("notes.txt", "not a fixture");
    const { conversations, problems } = loadConversationFixtures(dir);
    expect(conversations.map((c) => [c.conversationId, c.file])).toEqual([
      ["id-a", "fixtures/conversations/a.json"],
      ["id-b1", "fixtures/conversations/b.json"],
      ["id-b2", "fixtures/conversations/b.json"],
    ]);
    expect(problems.map((p) => p.path)).toEqual(["c.json", "d.json", "e.json"].map((f) => join(dir, "fixtures", "conversations", f)));
    expect(problems[0]!.message).toMatch(/c\.json: not valid JSON: unexpected "," at line 1, column 39/);
    expect(problems[1]!.message).toMatch(/d\.json must be a Messaging Interactions search response/);
    expect(problems[2]!.message).toMatch(/conversation id-a is left out: fixtures\/conversations\/a\.json already holds it/);
  });

  it("accepts the two conversations lp-faas init writes, as the toolbelt reads them", () => {
    scaffoldProject(dir);
    const { conversations, problems } = loadConversationFixtures(dir);
    expect(problems).toEqual([]);
    expect(conversations).toHaveLength(2);
    for (const { conversationId, record: r } of conversations) {
      expect(conversationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.info).toMatchObject({ brandId: "12345678", startTimeL: expect.any(Number), visitorId: expect.any(String), sessionId: expect.any(String) });
      const messages = r.messageRecords as Array<{
        type: string;
        sentBy: string;
        timeL: number;
        messageData: { msg?: { text: string }; file?: { caption: string; relativePath: string } };
      }>;
      expect(new Set(messages.map((m) => m.sentBy))).toEqual(new Set(["Consumer", "Agent"]));
      for (const m of messages) {
        expect(typeof m.timeL).toBe("number");
        if (m.type === "TEXT_PLAIN") expect(typeof m.messageData.msg?.text).toBe("string");
      }
      expect(Array.isArray(r.consumerParticipants) && Array.isArray(r.agentParticipants)).toBe(true);
      for (const part of ["sdes", "unAuthSdes"] as const) {
        for (const event of (r[part] as { events: Array<{ serverTimeStamp: string }> }).events) expect(event.serverTimeStamp).toMatch(/^\d{13}$/);
      }
    }
    const [open] = conversations.filter((c) => c.record.info.status === "OPEN");
    const file = (open!.record.messageRecords as Array<{ type: string; messageData: { file?: { caption: string; relativePath: string } } }>).find(
      (m) => m.type === "HOSTED_FILE",
    );
    expect(file?.messageData.file).toMatchObject({ caption: expect.any(String), relativePath: expect.stringMatching(/^\//) });
    const closed = conversations.find((c) => c.record.info.status === "CLOSE")!;
    expect(closed.record.info.latestSkillName).not.toBe(open!.record.info.latestSkillName);
    expect((closed.record.messageRecords as unknown[]).length).toBeLessThan((open!.record.messageRecords as unknown[]).length);
  });
});
