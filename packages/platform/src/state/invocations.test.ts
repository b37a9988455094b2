import { describe, expect, it } from "vitest";
import { PlatformErrorCodes } from "../errors";
import type { LogRecord } from "../runtime/types";
import { capLogs } from "./invocation-log-cap";
import { openStateDb } from "./db";
import { createInvocationStore, type InvocationRecord, type InvocationStoreOptions } from "./invocations";

const entry = (message: string, extras: unknown[] = []): LogRecord => ({ level: "Info", message, extras, timestamp: 1 });

function record(n: number, logs: LogRecord[] = [entry(`log ${n}`)], extra: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    id: `inv-${n}`,
    functionName: n % 2 === 0 ? "even" : "odd",
    functionUuid: "uuid",
    source: "platform",
    startedAt: 1_000 + n,
    durationMs: 1,
    status: "succeeded",
    logs,
    ...extra,
  };
}

const store = (options: InvocationStoreOptions = {}) => createInvocationStore(openStateDb(":memory:"), options);

describe("the invocation log", () => {
  it("keeps the newest maxRecords, oldest dropped first", () => {
    const log = store({ maxRecords: 3 });
    for (let n = 1; n <= 5; n++) log.record(record(n));
    expect(log.list().records.map((r) => r.id)).toEqual(["inv-5", "inv-4", "inv-3"]);
    expect(log.get("inv-1")).toBeUndefined();
  });

  it("keeps at most maxBytes of records, and always the newest", () => {
    const log = store({ maxBytes: 1, maxRecordLogBytes: 64 * 1024 }); // raised to one largest record
    const big = [entry("x".repeat(40_000))];
    for (let n = 1; n <= 6; n++) log.record(record(n, big));
    const kept = log.list().records.map((r) => r.id);
    expect(kept[0]).toBe("inv-6");
    expect(kept.length).toBeLessThan(6);
    expect(kept.length).toBeGreaterThanOrEqual(1);
  });

  it("cuts one record's logs to maxRecordLogBytes before storing, and says so", () => {
    const log = store({ maxRecordLogBytes: 16 * 1024 });
    const huge = Array.from({ length: 50 }, (_, i) => entry(`${i} ${"y".repeat(1024 * 1024)}`, [{ more: "z".repeat(1000) }]));
    log.record(record(1, huge));
    const stored = log.get("inv-1")!;
    expect(Buffer.byteLength(JSON.stringify(stored.logs))).toBeLessThanOrEqual(16 * 1024);
    expect(stored.logs[0]!.message).toMatch(/^0 y+… \[cut by lp-faas/);
    expect(stored.logsCut).toEqual({ droppedEntries: 49, droppedChars: expect.any(Number) });
    expect(stored.logsCut!.droppedChars).toBeGreaterThan(49 * 1024 * 1024);
    expect(log.list().records).toHaveLength(1);
  });

  it("stores what the cloud would drop (logLimit) with the record", () => {
    const log = store();
    const logLimit = { code: PlatformErrorCodes.LogLimitReached, droppedEntries: 2, droppedChars: 30, droppedDebug: 1 };
    log.record(record(1, [entry("kept")], { logLimit }));
    log.record(record(2));
    expect(log.get("inv-1")!.logLimit).toEqual(logLimit);
    expect(log.get("inv-2")).not.toHaveProperty("logLimit");
  });

  it("pages by limit and cursor, and by bytes, never losing or repeating a record", () => {
    const log = store({ maxPageBytes: 3_000 });
    for (let n = 1; n <= 25; n++) log.record(record(n, [entry("m".repeat(n === 10 ? 20_000 : 500))]));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = log.list({ limit: 4, ...(cursor !== undefined && { before: cursor }) });
      expect(page.records.length).toBeGreaterThan(0);
      expect(page.records.length).toBeLessThanOrEqual(4);
      seen.push(...page.records.map((r) => r.id));
      cursor = page.next;
      pages++;
    } while (cursor !== undefined && pages < 50);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `inv-${25 - i}`));
    const odd = log.list({ functionName: "odd", limit: 2 });
    expect(odd.records.map((r) => r.id)).toEqual(["inv-25", "inv-23"]);
    expect(log.list({ functionName: "odd", limit: 2, before: odd.next }).records.map((r) => r.id)).toEqual(["inv-21", "inv-19"]);
  });

  it("refuses a cursor it did not make, and bad options, naming them", () => {
    expect(() => store().list({ before: "yesterday" })).toThrow(/"before" must be the "next" cursor/);
    expect(() => store({ maxRecords: 0 })).toThrow(/maxRecords must be a whole number of at least 1/);
  });
});

describe("the invocation log's change feed", () => {
  it("hands each listener every record as stored, until it unsubscribes", () => {
    const log = store({ maxRecordLogBytes: 1024 });
    const seen: InvocationRecord[] = [];
    const unsubscribe = log.onRecord((r) => seen.push(r));
    expect(log.listenerCount()).toBe(1);
    log.record(record(1, [entry("x".repeat(5000))], { status: "failed", error: { code: "boom", message: "m".repeat(20_000) }, parentId: "p" }));
    log.record(record(2));
    expect(seen.map((r) => r.id)).toEqual(["inv-1", "inv-2"]);
    // What a listener gets is what a reader of the log gets: the capped logs, the cut error message.
    expect(seen[0]).toEqual(log.get("inv-1"));
    expect(seen[0]!.logsCut).toBeDefined();
    expect(seen[0]!.error!.message).toHaveLength(10_000);
    expect(seen[1]).toEqual(log.get("inv-2"));
    unsubscribe();
    expect(log.listenerCount()).toBe(0);
    log.record(record(3));
    expect(seen).toHaveLength(2);
  });

  it("keeps writing and notifying the others when a listener throws", () => {
    const log = store();
    const seen: string[] = [];
    log.onRecord(() => {
      throw new Error("listener failed");
    });
    log.onRecord((r) => seen.push(r.id));
    expect(() => log.record(record(1))).not.toThrow();
    expect(seen).toEqual(["inv-1"]);
    expect(log.get("inv-1")).toBeDefined();
  });
});

describe("capLogs", () => {
  it("leaves logs within the limit alone", () => {
    const logs = [entry("a"), entry("b", [1, { c: 2 }])];
    expect(capLogs(logs, 1024)).toEqual({ logs });
  });
});
