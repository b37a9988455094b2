import { describe, expect, it } from "vitest";
import { LOG_LIMITS } from "./types";

interface Book {
  kept: number;
}
interface WorkerLogs {
  LOG_LIMITS: typeof LOG_LIMITS;
  ECHO_LIMIT_CHARS: number;
  createLogBook(): Book;
  keep(book: Book, record: { level: string; message: string; extras: unknown[] }): boolean;
  echoText(book: Book, line: string, name: string): string;
  droppedOf(book: Book): { entries: number; chars: number; debug: number } | undefined;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the child's plain CommonJS module
const logs = require("./worker-logs.cjs") as WorkerLogs;

const record = (message: string, extras: unknown[] = [], level = "Info") => ({ level, message, extras });

describe("worker-logs (the child's log keeping)", () => {
  it("uses the limits of the runtime's contract", () => {
    expect(logs.LOG_LIMITS).toEqual(LOG_LIMITS);
  });

  it("keeps entries within 10 / 6,000 characters (message + extras' JSON), drops Debug, counts what it drops", () => {
    const book = logs.createLogBook();
    expect(logs.keep(book, record("d", [], "Debug"))).toBe(false);
    expect(logs.keep(book, record("a".repeat(5000), [{ k: "v" }]))).toBe(true); // 5,000 + 9
    expect(logs.keep(book, record("b".repeat(992)))).toBe(false); // 6,001: over
    expect(logs.keep(book, record("c".repeat(991)))).toBe(true); // 6,000 exactly
    expect(logs.droppedOf(book)).toEqual({ entries: 1, chars: 992, debug: 1 });

    const many = logs.createLogBook();
    for (let i = 0; i < 12; i++) logs.keep(many, record("x"));
    expect(logs.droppedOf(many)).toEqual({ entries: 2, chars: 2, debug: 0 });
    expect(logs.droppedOf(logs.createLogBook())).toBeUndefined();
  });

  it("echoes up to the limit, then one truncated line, then nothing", () => {
    const book = logs.createLogBook();
    const line = "z".repeat(logs.ECHO_LIMIT_CHARS - 10);
    expect(logs.echoText(book, line, "fn")).toBe(line);
    expect(logs.echoText(book, "0123456789", "fn")).toBe("0123456789");
    expect(logs.echoText(book, "!", "fn")).toMatch(/^\[fn\] … output truncated/);
    expect(logs.echoText(book, "more", "fn")).toBe("");
  });
});
