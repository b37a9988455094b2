import { describe, expect, it } from "vitest";
import { TokenBucket } from "./token-bucket";

/** A clock the test moves by hand. */
function manualClock(start = 1_000): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms), set: (ms) => (t = ms) };
}

/** How many of `count` takes succeed at the current instant. */
function takeMany(bucket: TokenBucket, count: number): number {
  let taken = 0;
  for (let i = 0; i < count; i++) if (bucket.tryTake()) taken++;
  return taken;
}

describe("TokenBucket", () => {
  it("gives exactly 20 of 21 requests within one instant at 20/s", () => {
    const clock = manualClock();
    const bucket = new TokenBucket(20, 20, clock.now);
    const results = Array.from({ length: 21 }, () => bucket.tryTake());
    expect(results.filter(Boolean)).toHaveLength(20);
    expect(results[20]).toBe(false);
  });

  it.each([
    // [elapsed ms after draining, tokens available then]
    [0, 0],
    [49, 0],
    [50, 1],
    [99, 1],
    [100, 2],
    [500, 10],
    [1_000, 20],
    [60_000, 20],
  ])("refills continuously: %i ms after draining → %i tokens", (elapsed, expected) => {
    const clock = manualClock();
    const bucket = new TokenBucket(20, 20, clock.now);
    expect(takeMany(bucket, 20)).toBe(20);
    clock.advance(elapsed);
    expect(takeMany(bucket, 25)).toBe(expected);
  });

  it("never lets more than capacity + rate × window through over a window", () => {
    const clock = manualClock();
    const bucket = new TokenBucket(20, 20, clock.now);
    let passed = 0;
    // One attempt every 10 ms for 1 s: the burst of 20, then one per 50 ms.
    for (let ms = 0; ms < 1_000; ms += 10) {
      if (bucket.tryTake()) passed++;
      clock.advance(10);
    }
    expect(passed).toBe(20 + 19);
  });

  it("respects a capacity below the rate", () => {
    const clock = manualClock();
    const bucket = new TokenBucket(100, 5, clock.now);
    expect(takeMany(bucket, 10)).toBe(5);
    clock.advance(1_000);
    expect(takeMany(bucket, 10)).toBe(5);
  });

  it("does not refill when the clock steps back, nor refill twice afterwards", () => {
    const clock = manualClock(10_000);
    const bucket = new TokenBucket(20, 20, clock.now);
    expect(takeMany(bucket, 20)).toBe(20);
    clock.set(9_000);
    expect(bucket.tryTake()).toBe(false);
    clock.set(10_000);
    expect(bucket.tryTake()).toBe(false);
    clock.set(10_050);
    expect(takeMany(bucket, 5)).toBe(1);
  });

  it.each([
    [0, 1],
    [-1, 1],
    [Number.NaN, 1],
    [20, 0],
    [20, 0.5],
  ])("refuses rate %s with capacity %s", (rate, capacity) => {
    expect(() => new TokenBucket(rate, capacity)).toThrow(RangeError);
  });

  it("uses the real clock by default", () => {
    const bucket = new TokenBucket(1, 1);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });
});
