import { describe, expect, it } from "vitest";
import { configuredEventId, eventById, EVENTS, NO_EVENT } from "./catalogue";
import { checkEventResult } from "./result-check";
import { deepMerge, MESSAGING_EVENTS, sampleEnvelope, samplePayload } from "./samples";

describe("the event catalogue", () => {
  it("lists each event once, with a limit, and a sample payload for every one", () => {
    const ids = EVENTS.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(16);
    for (const event of EVENTS) {
      expect([1, 10, 15, 30]).toContain(event.functionLimit);
      expect(samplePayload(event.eventId), event.eventId).toBeTypeOf("object");
    }
    expect(eventById("conversational_command")).toMatchObject({ functionLimit: 30, skills: false, resultKind: "agent-text" });
    expect(eventById("nope")).toBeUndefined();
  });

  it("reads config.json's event: none for null, missing, empty and No Event", () => {
    for (const none of [null, undefined, "", NO_EVENT, 42]) expect(configuredEventId(none)).toBeUndefined();
    expect(configuredEventId("controllerbot_messaging_conversation_end")).toBe("controllerbot_messaging_conversation_end");
  });
});

describe("sample payloads", () => {
  it("gives messaging events the base groups, their override and the chosen sub-event", () => {
    const end = samplePayload("controllerbot_messaging_conversation_end") as Record<string, Record<string, unknown>>;
    expect(end.general).toMatchObject({ cbotEventType: "CONSUMER_END_CONVERSATION", oldConvState: "OPEN", newConvState: "CLOSE", convId: expect.any(String) });
    expect(Object.keys(end).sort()).toEqual(["end", "general", "idle", "mid", "participantChange", "routing", "start", "ttr"]);
    const agentEnd = samplePayload("controllerbot_messaging_conversation_end", "AGENT_END_CONVERSATION") as Record<string, Record<string, unknown>>;
    expect(agentEnd.general!.cbotEventType).toBe("AGENT_END_CONVERSATION");
    for (const [eventId, { subEvents }] of Object.entries(MESSAGING_EVENTS)) {
      expect(eventById(eventId)?.resultKind, eventId).toBe("messaging-commands");
      expect(subEvents.length, eventId).toBeGreaterThan(0);
    }
  });

  it("builds a fresh envelope each time (no shared objects between invocations)", () => {
    const a = sampleEnvelope("conversational_command", 1)!;
    const b = sampleEnvelope("conversational_command", 2)!;
    expect(a).toEqual({ timestamp: 1, headers: [], payload: { conversationId: expect.any(String), arguments: ["echo", "this", "message"] } });
    (a.payload as { arguments: string[] }).arguments.push("changed");
    expect((b.payload as { arguments: string[] }).arguments).toHaveLength(3);
    expect(sampleEnvelope("nope", 1)).toBeUndefined();
  });

  it("merges objects member by member and replaces everything else, leaving both inputs alone", () => {
    const base = { a: { b: 1, c: [1] }, d: 1 };
    expect(deepMerge(base, { a: { c: [2] }, e: null })).toEqual({ a: { b: 1, c: [2] }, d: 1, e: null });
    expect(base).toEqual({ a: { b: 1, c: [1] }, d: 1 });
  });
});

describe("result checks", () => {
  it.each<[unknown, string, number]>([
    [undefined, "default automatic message", 0],
    [[], "no operation", 0],
    [{ type: "systemMessage", text: "hi" }, 'system message "hi"', 0],
    [[{ type: "transfer", skillId: "1" }, { type: "closeConversation" }], "transfer to skill 1; close the conversation", 0],
    [[{ type: "systemMessage", text: [] }], "no automatic message", 0],
    [[{ type: "transfer" }], "nothing", 1],
    [[{ type: "transfer", skillId: 12 }], "nothing", 1],
    [
      [
        { type: "systemMessage", text: "a" },
        { type: "systemMessage", text: "b" },
      ],
      'system message "a"',
      1,
    ],
    [[{ type: "sendEmail" }], "nothing", 1],
    ["close", "nothing", 1],
  ])("messaging commands %j → %s", (result, action, warnings) => {
    const report = checkEventResult("messaging-commands", result);
    expect(report.action).toContain(action);
    expect(report.warnings).toHaveLength(warnings);
  });

  it("checks transcript e-mails, agent text, bot responses and hooks", () => {
    const email = { targetEmail: "a@b", senderName: "B", senderEmail: "n@b", subject: "S" };
    expect(checkEventResult("email-transcripts", [email])).toEqual({ action: "1 transcript e-mail sent", warnings: [] });
    expect(checkEventResult("email-transcripts", [{ ...email, subject: "" }]).warnings[0]).toMatch(/e-mail \[0\] needs non-empty string "subject"/);
    expect(checkEventResult("email-transcripts", { targetEmail: "x" }).warnings).toHaveLength(1);
    expect(checkEventResult("agent-text", 42).warnings).toEqual([]);
    expect(checkEventResult("agent-text", { text: "x" }).warnings[0]).toMatch(/only a string or a number/);
    expect(checkEventResult("bot-response", { messages: ["hi", { delay: 2 }], context: { action: "TRANSFER", actionParameters: { skill: "human" } } })).toEqual(
      {
        action: "2 messages sent, then TRANSFER",
        warnings: [],
      },
    );
    expect(checkEventResult("bot-response", { messages: [], context: {} }).warnings[0]).toMatch(/no messages and no supported action/);
    expect(checkEventResult("bot-response", { context: { action: "transfer" } }).warnings[0]).toMatch(/case-sensitive/);
    expect(checkEventResult("vendor-object", "x").warnings).toHaveLength(1);
    expect(checkEventResult("ignored", "anything")).toEqual({ action: "ignored by the event source", warnings: [] });
    expect(checkEventResult("any", 1).warnings).toEqual([]);
  });
});
