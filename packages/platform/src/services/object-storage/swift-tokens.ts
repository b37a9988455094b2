/**
 * Object storage tokens: issued by `GET /auth/v1.0` for the project's Swift
 * credentials, checked on every object request. In memory only (a restart
 * forgets them, as a token expiry would) and expiring after `ttlMs`.
 */
import { randomBytes } from "node:crypto";

/** How long a token works. */
export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface SwiftTokens {
  readonly ttlMs: number;
  /** A new token, valid for `ttlMs`. */
  issue(): string;
  /** True while the token is known and not expired. */
  isValid(token: unknown): boolean;
}

export function createSwiftTokens(options: { now?: () => number; ttlMs?: number } = {}): SwiftTokens {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? TOKEN_TTL_MS;
  const tokens = new Map<string, number>();
  return {
    ttlMs,
    issue() {
      for (const [token, expires] of tokens) if (expires <= now()) tokens.delete(token);
      const token = `AUTH_tk${randomBytes(24).toString("hex")}`;
      tokens.set(token, now() + ttlMs);
      return token;
    },
    isValid(token) {
      if (typeof token !== "string" || token === "") return false;
      const expires = tokens.get(token);
      if (expires === undefined) return false;
      if (expires > now()) return true;
      tokens.delete(token);
      return false;
    },
  };
}
