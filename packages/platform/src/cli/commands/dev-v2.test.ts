import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/run-cli";
import { parseMaxInstances, parseOnOff } from "./dev";

describe("lp-faas dev's V2 flags", () => {
  it("takes --max-instances 1-1000 and --v2-allowlist on|off", () => {
    expect(parseMaxInstances("1")).toBe(1);
    expect(parseMaxInstances(" 12 ")).toBe(12);
    for (const bad of ["0", "-1", "1.5", "many", "1001"]) expect(() => parseMaxInstances(bad)).toThrow(/1 to 1000/);
    expect(parseOnOff("on")).toBe(true);
    expect(parseOnOff("OFF")).toBe(false);
    expect(() => parseOnOff("yes")).toThrow(/"on" or "off"/);
  });

  it("refuses a bad value as a usage error (exit code 2) before anything starts", async () => {
    const bad = await runCli(["dev", ".", "--max-instances", "0"], { cwd: "/" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-instances/);
    const off = await runCli(["dev", ".", "--v2-allowlist", "maybe"], { cwd: "/" });
    expect(off.code).toBe(2);
  });
});
