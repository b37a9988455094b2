import { describe, expect, it } from "vitest";
import { bearerTokenOf } from "./lp-authenticator";

describe("bearerTokenOf", () => {
  it("finds the token of the Bearer scheme, in any case, and nothing for other schemes", () => {
    expect(bearerTokenOf("Bearer abc")).toBe("abc");
    expect(bearerTokenOf("bearer  abc ")).toBe("abc");
    expect(bearerTokenOf("Bearer")).toBe("");
    expect(bearerTokenOf('OAuth oauth_consumer_key="k"')).toBeUndefined();
    expect(bearerTokenOf("Bearerabc")).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
