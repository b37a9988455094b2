import { describe, expect, it, vi } from "vitest";
import { withCallback } from "./callbacks";

describe("withCallback (jsforce 1.x callback form)", () => {
  it("passes all arguments through and returns the original result when no callback is given", async () => {
    const fn = vi.fn((a: number, b: number) => Promise.resolve(a + b));
    const wrapped = withCallback(fn);
    await expect(wrapped(1, 2)).resolves.toBe(3);
    expect(fn).toHaveBeenCalledWith(1, 2);
  });

  it("strips a trailing callback and calls it with (null, result); the return value is still the promise", async () => {
    const fn = vi.fn((a: number) => Promise.resolve(a * 2));
    const wrapped = withCallback(fn) as unknown as (a: number, cb: (err: Error | null, r?: unknown) => void) => Promise<number>;
    const seen = await new Promise<[Error | null, unknown]>((resolve) => {
      void wrapped(21, (err, r) => resolve([err, r]));
    });
    expect(seen).toEqual([null, 42]);
    expect(fn).toHaveBeenCalledWith(21);
  });

  it("calls the callback with the rejection (as an Error) and keeps `this`", async () => {
    const self = {
      fail(this: { reason: string }) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a rejection that is not an Error is the case under test
        return Promise.reject(this.reason);
      },
      reason: "boom",
    };
    const wrapped = withCallback(self.fail) as unknown as (cb: (err: Error | null) => void) => Promise<never>;
    const err = await new Promise<Error | null>((resolve) => {
      wrapped.call(self, (e) => resolve(e))?.catch(() => undefined);
    });
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toBe("boom");
  });

  it("reports a synchronous throw to the callback", async () => {
    const wrapped = withCallback(() => {
      throw new Error("sync");
    }) as unknown as (cb: (err: Error | null) => void) => unknown;
    const err = await new Promise<Error | null>((resolve) => wrapped((e) => resolve(e)));
    expect(err?.message).toBe("sync");
  });

  it("passes a plain (non-promise) result to the callback", async () => {
    const wrapped = withCallback(() => 7) as unknown as (cb: (err: Error | null, r?: unknown) => void) => unknown;
    const r = await new Promise((resolve) => wrapped((_e, v) => resolve(v)));
    expect(r).toBe(7);
  });
});
