import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventById } from "./catalogue";
import { bindingWarnings, eventPayload, eventReport, requireEvent } from "./event-invocation";
import { listensTo, readFunctionBinding } from "./function-binding";
import { samplePayload } from "./samples";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function functionWith(config: unknown): { name: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "lp-faas-binding-"));
  dirs.push(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify(config));
  return { name: "fn", dir };
}

describe("eventPayload", () => {
  const command = requireEvent("conversational_command");

  it("deep-merges the payload over the sample without changing either", () => {
    const payload = { arguments: ["x"], extra: { a: 1 } };
    const merged = eventPayload(command, undefined, payload);
    expect(merged).toEqual({ ...samplePayload("conversational_command"), arguments: ["x"], extra: { a: 1 } });
    expect(payload).toEqual({ arguments: ["x"], extra: { a: 1 } });
    expect(eventPayload(command, undefined, undefined)).toEqual(samplePayload("conversational_command"));
  });

  it("takes a sub-event only for a messaging event that has it", () => {
    const ended = requireEvent("controllerbot_messaging_conversation_end");
    expect(() => eventPayload(ended, "NOPE", undefined)).toThrow(/no sub-event "NOPE"/);
    expect(() => eventPayload(command, "X", undefined)).toThrow(/has no sub-events/);
  });

  it("refuses an unknown event, naming lp-faas events list", () => {
    expect(() => requireEvent("nope")).toThrow(/lp-faas events list/);
  });
});

describe("eventReport", () => {
  const ended = eventById("controllerbot_messaging_conversation_end")!;

  it("puts the binding warnings first and says 'the cloud would' on every result warning", () => {
    const report = eventReport(ended, { ok: true, result: { type: "bogus" } }, ["first"]);
    expect(report.warnings[0]).toBe("first");
    expect(report.warnings[1]).toMatch(/^the cloud would reject or ignore this result: the command has type "bogus"/);
  });

  it("checks nothing of a failed invocation", () => {
    expect(eventReport(ended, { ok: false })).toEqual({ eventId: ended.eventId, action: "nothing: the function failed", warnings: [] });
  });

  it("warns when config.json names another event or none", () => {
    expect(bindingWarnings("fn", { eventId: ended.eventId, skills: [] }, ended)).toEqual([]);
    expect(bindingWarnings("fn", { eventId: undefined, skills: [] }, ended)[0]).toContain("names no event");
    expect(bindingWarnings("fn", { eventId: "conversational_command", skills: [] }, ended)[0]).toContain("names event conversational_command");
  });
});

describe("function bindings", () => {
  const ended = eventById("controllerbot_messaging_conversation_end")!;
  const command = eventById("conversational_command")!;

  it("reads event and skills (numbers as strings) from config.json", () => {
    expect(readFunctionBinding(functionWith({ event: ended.eventId, skills: ["1", 2] }))).toEqual({ eventId: ended.eventId, skills: ["1", "2"] });
    expect(readFunctionBinding(functionWith({ event: "No Event" }))).toEqual({ eventId: undefined, skills: [] });
    expect(() => readFunctionBinding(functionWith({ event: ended.eventId, skills: "1" }))).toThrow(/"skills" must be a list of skill ids/);
  });

  it("narrows by skill only the events that take skills", () => {
    const skilled = { eventId: ended.eventId, skills: ["1"] };
    const every = { eventId: ended.eventId, skills: [] };
    expect(listensTo(skilled, ended, "1")).toBe(true);
    expect(listensTo(skilled, ended, "2")).toBe(false);
    expect(listensTo(skilled, ended, undefined)).toBe(false);
    expect(listensTo(every, ended, "2")).toBe(true);
    expect(listensTo(every, ended, undefined)).toBe(true);
    expect(listensTo({ eventId: command.eventId, skills: ["1"] }, command, "2")).toBe(true);
    expect(listensTo(every, command, undefined)).toBe(false);
  });
});
