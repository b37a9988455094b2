import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dist = join(__dirname, "../../dist/cli/process-guards.js");

describe("guardProcess", () => {
  it("logs an uncaught exception and an unhandled rejection, and the process keeps running", () => {
    const script = `
      const { guardProcess } = require(${JSON.stringify(dist)});
      const unguard = guardProcess((line) => console.log(line.split("\\n")[0]));
      setTimeout(() => { throw new RangeError("Maximum call stack size exceeded"); }, 5);
      setTimeout(() => { Promise.reject(new TypeError("boom")); }, 10);
      setTimeout(() => { console.log("still serving"); unguard(); }, 50);
    `;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10_000 });
    expect(child.status).toBe(0);
    expect(child.stdout.split("\n")).toEqual([
      "internal error: uncaught exception (the platform keeps running): RangeError: Maximum call stack size exceeded",
      "internal error: unhandled rejection (the platform keeps running): TypeError: boom",
      "still serving",
      "",
    ]);
  });
});
