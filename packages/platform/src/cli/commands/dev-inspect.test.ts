import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/run-cli";
import { formatSummary, inspectSettings, type DevSummary } from "./dev";

const summary: DevSummary = {
  projectDir: "/p",
  url: "http://127.0.0.1:7420",
  port: 7420,
  health: "h",
  csds: "c",
  stateDb: "s",
  adminTokenFile: "/p/.lp-faas/admin-token",
  functions: [],
};

describe("lp-faas dev --inspect flags", () => {
  it("inspects nothing without the flags, everything with --inspect, and named functions with --inspect-fn", () => {
    expect(inspectSettings({})).toBeUndefined();
    expect(inspectSettings({ inspect: true })).toEqual({ port: 9229, functions: null });
    expect(inspectSettings({ inspect: 9300 })).toEqual({ port: 9300, functions: null });
    expect(inspectSettings({ inspectFn: ["a", "b"] })).toEqual({ port: 9229, functions: ["a", "b"] });
    expect(inspectSettings({ inspect: 0, inspectFn: ["a"] })).toEqual({ port: 0, functions: ["a"] });
  });

  it("says in the summary what is inspected, and nothing when nothing is", () => {
    expect(formatSummary(summary, [])).not.toContain("inspector");
    expect(formatSummary({ ...summary, inspect: { port: 9229, functions: null } }, [])).toContain(
      "  inspector  every function's instance on ports from 9229, no timeouts",
    );
    expect(formatSummary({ ...summary, inspect: { port: 0, functions: ["a", "b"] } }, [])).toContain("  inspector  instances of a, b on free ports");
  });

  it("refuses an --inspect port that does not parse, as a usage error", async () => {
    const run = await runCli(["dev", "--inspect=92x9", "--json"], { cwd: "/" });
    expect(run.code).toBe(2);
    expect(run.json().error.message).toMatch(/--inspect \[port\].*a port is a whole number/);
  });
});
