/**
 * Inside an lp-faas worker the platform owns the egress policy. The worker's
 * entry calls `installWorkerEgress()` (lp-faas-toolbelt/worker) before it loads
 * any function code; that call, not an environment variable a function could
 * set or delete, is how the toolbelt knows where it runs. From then on the
 * settings below come from the worker's environment as it was at start-up, and
 * `Toolbelt.configure()` cannot change them.
 */

/** What the platform owns, read once from the worker's environment at start-up. */
export interface PlatformLock {
  /** The platform's API; undefined = none (then there is no platform allowlist either). */
  readonly platformUrl: string | undefined;
  /** The Domain API host or base URL. */
  readonly csdsDomain: string;
  /** Requests per second per worker; 0 = off. */
  readonly rateLimitPerSecond: number;
}

/** `configure()` keys the platform owns in a worker: ignored there, with a warning. */
export const PLATFORM_OWNED_KEYS = ["allowlist", "rateLimit", "csdsDomain", "platformUrl"] as const;

let lock: PlatformLock | undefined;

/** Called once by installWorkerEgress(); a second call keeps the first lock. */
export function lockToPlatform(settings: PlatformLock): void {
  lock ??= Object.freeze({ ...settings });
}

/** The platform's lock, or undefined outside a platform worker. */
export function platformLock(): PlatformLock | undefined {
  return lock;
}

/** For tests only: forget the lock. */
export function unlockForTests(): void {
  lock = undefined;
}
