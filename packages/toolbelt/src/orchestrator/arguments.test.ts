import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../errors/codes";
import { DEFAULT_RETRIES, MAX_DEADLINE_MS, planInvoke } from "./arguments";

const inv = (n: number) => Array.from({ length: n }, (_, i) => ({ uuid: `f${i}`, payload: {} }));

describe("planInvoke defaults", () => {
  it("deadline 25000 by default; sequential timeout floor(deadline / n); parallel timeout = deadline", () => {
    expect(planInvoke(inv(3), undefined, undefined)).toMatchObject({
      deadline: MAX_DEADLINE_MS,
      timeout: 8333,
      parallel: false,
      exitOnError: true,
      json: true,
      capped: false,
    });
    expect(planInvoke(inv(3), 9000, { invokeParallel: true })).toMatchObject({ deadline: 9000, timeout: 9000, parallel: true });
    expect(planInvoke(inv(2), 40000, {})).toMatchObject({ deadline: MAX_DEADLINE_MS, capped: true, timeout: 12500 });
  });

  it("a timeout above the deadline is the deadline; retries default 3, 0 stays 0; headers become [{ key, value }]", () => {
    expect(planInvoke(inv(1), 1000, { timeout: 5000 }).timeout).toBe(1000);
    const plan = planInvoke(
      [
        { uuid: "a", payload: 1, retries: 0 },
        { uuid: "b", payload: 2, headers: { x: "1" } },
      ],
      1000,
      { errorStrategy: "ContinueOnError", json: false },
    );
    expect(plan.invocations.map((i) => i.retries)).toEqual([0, DEFAULT_RETRIES]);
    expect(plan.invocations[1]!.headers).toEqual([{ key: "x", value: "1" }]);
    expect(plan).toMatchObject({ exitOnError: false, json: false });
  });

  it("refuses unusable arguments with invalid-argument", () => {
    expect(() => planInvoke([], 1000, {})).toThrow(expect.objectContaining({ code: ErrorCodes.OrchestratorFN.InvalidArgument }));
    expect(() => planInvoke(inv(1), 0, {})).toThrow(/deadline/);
  });
});
