/**
 * The process-wide secret read cache. Entries remember when they were fetched;
 * each client decides freshness with its own TTL, so `SecretClient({ cache: { ttl } })`
 * never changes another client's cache (V2's per-client TTL changed everyone's). Values are kept exactly
 * as the backend returned them (cached and uncached reads must agree; V2's did not).
 */
interface Cached {
  value: unknown;
  fetchedAt: number;
}

export class SecretCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string, ttlMs: number): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (!entry || ttlMs <= 0 || this.now() - entry.fetchedAt >= ttlMs) return undefined;
    return { value: entry.value };
  }

  set(key: string, value: unknown): void {
    this.entries.set(key, { value, fetchedAt: this.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}
