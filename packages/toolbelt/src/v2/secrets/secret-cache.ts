/**
 * `globalSecretCache`: the read cache every V2 SecretClient shares. It holds
 * each secret's value as read or written (never its JSON text, B13) with the
 * time it was stored; each client judges freshness with its own TTL, so
 * `SecretClient({ cache: { ttl } })` changes no other client (B14). Built on
 * V1's SecretCache.
 */
import { SecretCache } from "../../secrets/secret-cache";

/** A secret as V2 returns it. */
export interface SecretEntry<T = unknown> {
  key: string;
  value: T;
}

/** core-functions-toolbelt's `ICache<string, { key, value }>`, with a TTL per read. */
export interface ISecretCache {
  /** The default TTL in ms (300000); a client without `cache.ttl` uses it. */
  readonly ttl: number;
  /** The entry when younger than `ttlMs` (default `ttl`), else undefined. */
  get(key: string, ttlMs?: number): SecretEntry | undefined;
  set(key: string, entry: SecretEntry): void;
  clear(): void;
}

export const DEFAULT_SECRET_CACHE_TTL_MS = 300_000;

export function createSecretCache(now?: () => number, ttl = DEFAULT_SECRET_CACHE_TTL_MS): ISecretCache {
  const cache = new SecretCache(now);
  return {
    ttl,
    get(key, ttlMs = ttl) {
      const hit = cache.get(key, ttlMs);
      return hit ? { key, value: hit.value } : undefined;
    },
    set(key, entry) {
      cache.set(key, entry.value);
    },
    clear() {
      cache.clear();
    },
  };
}

export const globalSecretCache: ISecretCache = createSecretCache();
