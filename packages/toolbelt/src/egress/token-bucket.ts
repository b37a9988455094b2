/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `capacity`.
 * The platform's proxy allows 20 requests per second per function; a request
 * that finds the bucket empty is answered 429 without leaving the process.
 * The clock is injected so tests never sleep.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new RangeError("TokenBucket needs a positive rate and a capacity >= 1");
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes one token if there is one. */
  tryTake(): boolean {
    const now = this.now();
    // A clock that steps back neither refills nor moves `last` back (which would refill twice later).
    const elapsedMs = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
