import { describe, expect, it } from "vitest";
import { formatInvocation, parseSince } from "./logs";

describe("lp-faas logs --since", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  it("reads a time ago, in ms, s, m, h or d", () => {
    expect(parseSince("90s", now)).toBe(now - 90_000);
    expect(parseSince("10m", now)).toBe(now - 600_000);
    expect(parseSince("2h", now)).toBe(now - 7_200_000);
    expect(parseSince("1d", now)).toBe(now - 86_400_000);
    expect(parseSince("250ms", now)).toBe(now - 250);
  });

  it("reads an ISO time or date, and refuses anything else", () => {
    expect(parseSince("2026-12-01T11:30:00Z", now)).toBe(Date.parse("2026-12-01T11:30:00Z"));
    expect(parseSince("2026-12-01T13:30:00+02:00", now)).toBe(Date.parse("2026-12-01T11:30:00Z"));
    expect(parseSince("2026-12-01", now)).toBe(Date.parse("2026-12-01"));
    for (const bad of ["yesterday", "10", "10y", "", "12/01/2026", "-5m"]) expect(() => parseSince(bad, now), bad).toThrow(/ISO time .* or a time ago/);
  });
});

describe("an invocation as lp-faas logs prints it", () => {
  it("is a header line, the error, the log lines and what the cloud would drop", () => {
    const text = formatInvocation({
      id: "inv-1",
      functionName: "greet",
      functionUuid: "u",
      source: "platform",
      startedAt: Date.parse("2026-12-01T12:00:00Z"),
      durationMs: 12,
      status: "failed",
      error: { code: "com.liveperson.faas.handler.custom-failure", message: "it broke" },
      logs: [{ level: "Warn", message: "careful", extras: [{ n: 1 }, "two"], timestamp: 1 }],
      logLimit: { code: "com.liveperson.faas.platform.log-limit-reached", droppedEntries: 0, droppedChars: 0, droppedDebug: 2 } as never,
    });
    const lines = text.split("\n");
    expect(lines[0]).toBe("2026-12-01T12:00:00.000Z greet failed in 12 ms: com.liveperson.faas.handler.custom-failure (invocation inv-1)");
    expect(lines[1]).toBe("  Error: it broke");
    expect(lines[2]).toMatch(/^ {2}\S+ \[Warn\] +careful \{"n":1\} two$/);
    expect(lines[3]).toMatch(/^ {2}Log limit: the cloud would drop 2 Debug entries/);
    expect(lines).toHaveLength(4);
  });
});
