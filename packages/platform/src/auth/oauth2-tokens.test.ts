import { describe, expect, it } from "vitest";
import { createOAuth2Tokens, DEFAULT_ACCESS_TOKEN_LIFETIME_S } from "./oauth2-tokens";

describe("OAuth 2.0 access tokens", () => {
  it("are valid until their lifetime has passed on the injected clock", () => {
    let now = 1_000_000;
    const tokens = createOAuth2Tokens({ now: () => now, lifetimeS: 60 });
    const { accessToken, expiresInS } = tokens.issue();
    expect(expiresInS).toBe(60);
    expect(tokens.isValid(accessToken)).toBe(true);
    now += 59_999;
    expect(tokens.isValid(accessToken)).toBe(true);
    now += 1;
    expect(tokens.isValid(accessToken)).toBe(false);
  });

  it("are random, unknown elsewhere, and last an hour by default", () => {
    const tokens = createOAuth2Tokens();
    const a = tokens.issue();
    const b = tokens.issue();
    expect(a.accessToken).not.toBe(b.accessToken);
    expect(a.expiresInS).toBe(DEFAULT_ACCESS_TOKEN_LIFETIME_S);
    expect(DEFAULT_ACCESS_TOKEN_LIFETIME_S).toBe(3600);
    expect(createOAuth2Tokens().isValid(a.accessToken)).toBe(false);
    expect(tokens.isValid(`${a.accessToken}x`)).toBe(false);
  });

  it("refuses a lifetime that is not a positive whole number", () => {
    expect(() => createOAuth2Tokens({ lifetimeS: 0 })).toThrow(/lifetimeS/);
    expect(() => createOAuth2Tokens({ lifetimeS: 1.5 })).toThrow(/lifetimeS/);
  });
});
