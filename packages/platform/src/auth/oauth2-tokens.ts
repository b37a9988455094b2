/**
 * The OAuth 2.0 access tokens the emulated Sentinel issues (client
 * credentials grant) and the LivePerson APIs accept as `Authorization: Bearer`.
 * Tokens are random (32 bytes, base64url), kept in memory only (a restart
 * forgets them, as a client that caches a token must then fetch a new one),
 * and expire after `lifetimeS` on the injected clock. They are stored by
 * their SHA-256 digest, so the map never holds a usable token.
 */
import { createHash, randomBytes } from "node:crypto";

/** How long an issued token is valid, in seconds (Sentinel's `expires_in`). */
export const DEFAULT_ACCESS_TOKEN_LIFETIME_S = 3600;

export interface IssuedToken {
  readonly accessToken: string;
  /** Seconds from issue to expiry. */
  readonly expiresInS: number;
}

export interface OAuth2Tokens {
  issue(): IssuedToken;
  /** True while `token` was issued here and has not expired. */
  isValid(token: string): boolean;
}

export interface OAuth2TokensOptions {
  /** Epoch ms; default Date.now. */
  now?: () => number;
  /** Default DEFAULT_ACCESS_TOKEN_LIFETIME_S. */
  lifetimeS?: number;
}

const digest = (token: string): string => createHash("sha256").update(token, "utf8").digest("base64url");

export function createOAuth2Tokens(options: OAuth2TokensOptions = {}): OAuth2Tokens {
  const now = options.now ?? Date.now;
  const lifetimeS = options.lifetimeS ?? DEFAULT_ACCESS_TOKEN_LIFETIME_S;
  if (!Number.isInteger(lifetimeS) || lifetimeS <= 0) throw new RangeError(`lifetimeS must be a positive whole number of seconds (it was ${lifetimeS})`);
  /** Digest → expiry (epoch ms). */
  const expiries = new Map<string, number>();

  const forgetExpired = (at: number): void => {
    for (const [key, expiresAt] of expiries) if (expiresAt <= at) expiries.delete(key);
  };

  return {
    issue() {
      const at = now();
      forgetExpired(at); // issuing is the only way the map grows, so it is also where it shrinks
      const accessToken = randomBytes(32).toString("base64url");
      expiries.set(digest(accessToken), at + lifetimeS * 1000);
      return { accessToken, expiresInS: lifetimeS };
    },
    isValid(token) {
      const expiresAt = expiries.get(digest(token));
      return expiresAt !== undefined && now() < expiresAt;
    },
  };
}
