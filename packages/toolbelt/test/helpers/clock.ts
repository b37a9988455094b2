/**
 * Clocks for code whose waits are injected, so tests see every pause the code
 * asks for without sitting through it.
 */

export interface TestClock {
  now(): number;
  /** Rejects with the signal's reason when `signal` is (or becomes) aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Every pause asked for, in order. */
  readonly sleeps: number[];
}

/**
 * Sleeps return at once and move `now()` on by the amount slept: a backoff
 * costs no time, and code that measures time left sees it go.
 * `onSleep` runs as each pause is asked for (e.g. to note how many attempts a server has seen).
 */
export function recordingClock(options: { start?: number; onSleep?: (ms: number) => void } = {}): TestClock {
  let now = options.start ?? 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      options.onSleep?.(ms);
      now += ms;
    },
  };
}

/**
 * A clock on the global timers, for tests that run `vi.useFakeTimers()` because the
 * code's other timers (deadlines) are global ones: its sleeps then run on fake time too.
 */
export function globalTimersClock(): TestClock {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
