import { describe, expect, it } from "vitest";
import type { Conversation } from "../conversation/types";
import { ErrorCodes } from "../errors/codes";
import { ToolbeltError } from "../errors/toolbelt-error";
import { getSDEsFromConv, serverTimeStampValue, sortSdeEventsByServerTimeStamp } from "./sde-extract";
import type { SDEevent } from "./types";

const ev = (serverTimeStamp: unknown, id: string): SDEevent => ({ serverTimeStamp, id }) as unknown as SDEevent;
const ids = (events: SDEevent[]): unknown[] => events.map((e) => e["id"]);
const conv = (record: Record<string, unknown>, ...more: Record<string, unknown>[]): Conversation => ({
  _metadata: {},
  conversationHistoryRecords: [record, ...more],
});

describe("getSDEsFromConv", () => {
  it("returns the seed's documented shape, both lists sorted ascending", () => {
    const c = conv({
      sdes: {
        events: [
          { personalInfo: {}, serverTimeStamp: "1569572377270", sdeType: "PERSONAL_INFO" },
          { customerInfo: {}, serverTimeStamp: "1569572377158", sdeType: "CUSTOMER_INFO" },
        ],
      },
      unAuthSdes: { events: [{ customerInfo: {}, serverTimeStamp: "1569574433640", sdeType: "CUSTOMER_INFO" }] },
    });
    expect(getSDEsFromConv(c)).toEqual({
      sdes: {
        events: [
          { customerInfo: {}, serverTimeStamp: "1569572377158", sdeType: "CUSTOMER_INFO" },
          { personalInfo: {}, serverTimeStamp: "1569572377270", sdeType: "PERSONAL_INFO" },
        ],
      },
      unAuthSdes: { events: [{ customerInfo: {}, serverTimeStamp: "1569574433640", sdeType: "CUSTOMER_INFO" }] },
    });
  });

  it.each([
    // [name, events (stamp, id), expected id order]
    [
      "numeric, not lexicographic",
      [
        ["10", "ten"],
        ["9", "nine"],
        ["100", "hundred"],
      ],
      ["nine", "ten", "hundred"],
    ],
    [
      "numbers as well as strings",
      [
        [1569572377270, "b"],
        ["1569572377158", "a"],
        [1569572377300, "c"],
      ],
      ["a", "b", "c"],
    ],
    [
      "stable for equal stamps",
      [
        ["5", "a"],
        ["3", "x"],
        ["5", "b"],
        [5, "c"],
        ["3", "y"],
      ],
      ["x", "y", "a", "b", "c"],
    ],
    [
      "missing or non-numeric stamps last, in order",
      [
        [undefined, "m1"],
        ["7", "a"],
        ["soon", "m2"],
        ["", "m3"],
        ["2", "b"],
      ],
      ["b", "a", "m1", "m2", "m3"],
    ],
    [
      "whitespace around numbers",
      [
        [" 20 ", "b"],
        ["3", "a"],
      ],
      ["a", "b"],
    ],
    ["empty list", [], []],
  ])("%s", (_name, events, expected) => {
    const c = conv({ sdes: { events: events.map(([s, id]) => ev(s, id as string)) } });
    expect(ids(getSDEsFromConv(c).sdes.events)).toEqual(expected);
  });

  it("sorts copies: the caller's arrays and members are untouched", () => {
    const events = [ev("3", "c"), ev("1", "a"), ev("2", "b")];
    const unAuth = [ev("9", "z"), ev("8", "y")];
    const record = { sdes: { events }, unAuthSdes: { events: unAuth } };
    const c = conv(record);
    const before = structuredClone(c);
    const result = getSDEsFromConv(c);
    expect(ids(result.sdes.events)).toEqual(["a", "b", "c"]);
    expect(ids(result.unAuthSdes.events)).toEqual(["y", "z"]);
    expect(c).toEqual(before);
    expect(ids(events)).toEqual(["c", "a", "b"]);
    expect(result.sdes.events).not.toBe(events);
    expect(result.sdes).not.toBe(record.sdes);
    // The events themselves are the caller's objects (a shallow copy, as documented).
    expect(result.sdes.events[0]).toBe(events[1]);
  });

  it("works on frozen input", () => {
    const c = Object.freeze(conv(Object.freeze({ sdes: Object.freeze({ events: Object.freeze([ev("2", "b"), ev("1", "a")]) }) })));
    expect(ids(getSDEsFromConv(c as Conversation).sdes.events)).toEqual(["a", "b"]);
  });

  it.each([
    ["both missing", {}],
    ["sdes missing", { unAuthSdes: { events: [ev("1", "u")] } }],
    ["unAuthSdes missing", { sdes: { events: [ev("1", "s")] } }],
    ["member null", { sdes: null, unAuthSdes: { events: [] } }],
    ["member without events", { sdes: {}, unAuthSdes: { events: "no" } }],
    ["member is an array", { sdes: [ev("1", "s")] }],
  ])("missing or malformed members give { events: [] } (%s)", (_name, record) => {
    const result = getSDEsFromConv(conv(record));
    expect(Object.keys(result).sort()).toEqual(["sdes", "unAuthSdes"]);
    for (const key of ["sdes", "unAuthSdes"] as const) {
      const member = (record as Record<string, { events?: unknown }>)[key];
      const expected = member && Array.isArray(member.events) ? member.events : [];
      expect(result[key]).toEqual({ events: expected });
    }
  });

  it("reads conversationHistoryRecords[0] only (as the spec)", () => {
    const c = conv({ sdes: { events: [ev("1", "first")] } }, { sdes: { events: [ev("0", "second")] } });
    expect(ids(getSDEsFromConv(c).sdes.events)).toEqual(["first"]);
  });

  it.each([
    ["undefined", undefined, /^Error while getting SDEs from conversation: expected a conversation object, got undefined\.$/],
    ["null", null, /^Error while getting SDEs from conversation: .*got null/],
    ["a string", "conv", /^Error while getting SDEs from conversation: .*got string/],
    ["an array", [], /^Error while getting SDEs from conversation: .*got an array/],
    ["no records", { _metadata: {} }, /^Error while getting SDEs from conversation: the conversation has no conversationHistoryRecords array\.$/],
    ["records not an array", { conversationHistoryRecords: {} }, /^Error while getting SDEs from conversation: /],
    ["empty records", { conversationHistoryRecords: [] }, /^conversationHistoryRecords is empty$/],
    [
      "record 0 not an object",
      { conversationHistoryRecords: [null] },
      /^Error while getting SDEs from conversation: conversationHistoryRecords\[0\] is not an object\.$/,
    ],
  ])("%s → ToolbeltError", (_name, conversation, message) => {
    let error: unknown;
    try {
      getSDEsFromConv(conversation as Conversation);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ToolbeltError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ code: ErrorCodes.SDEsUtil.General, component: "SDE-Util" });
    expect((error as ToolbeltError).code).toBe("com.liveperson.faas.sdes-util-general");
    expect((error as Error).message).toMatch(message);
  });
});

describe("serverTimeStampValue", () => {
  it.each([
    [{ serverTimeStamp: "1569572377158" }, 1569572377158],
    [{ serverTimeStamp: 12 }, 12],
    [{ serverTimeStamp: "9" }, 9],
    [{ serverTimeStamp: "" }, NaN],
    [{ serverTimeStamp: "abc" }, NaN],
    [{ serverTimeStamp: Infinity }, NaN],
    [{ serverTimeStamp: null }, NaN],
    [{}, NaN],
    [null, NaN],
    ["1", NaN],
  ])("%j → %d", (event, expected) => {
    expect(serverTimeStampValue(event)).toBe(expected);
  });
});

describe("sortSdeEventsByServerTimeStamp", () => {
  it("returns a new array and leaves the input alone", () => {
    const input = Object.freeze([ev("2", "b"), ev("1", "a")]);
    const out = sortSdeEventsByServerTimeStamp(input);
    expect(ids(out)).toEqual(["a", "b"]);
    expect(ids([...input])).toEqual(["b", "a"]);
  });

  it("is stable on a large list with many equal stamps", () => {
    const input = Array.from({ length: 2000 }, (_, i) => ev(String(i % 7), String(i)));
    const out = sortSdeEventsByServerTimeStamp(input);
    for (let i = 1; i < out.length; i++) {
      const [a, b] = [out[i - 1]!, out[i]!];
      const [ka, kb] = [Number(a.serverTimeStamp), Number(b.serverTimeStamp)];
      expect(ka < kb || (ka === kb && Number(a["id"]) < Number(b["id"]))).toBe(true);
    }
  });
});
