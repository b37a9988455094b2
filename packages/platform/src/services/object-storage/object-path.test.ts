import { describe, expect, it } from "vitest";
import { objectSegments } from "./object-path";

describe("objectSegments", () => {
  it("decodes a /v1 object path", () => {
    expect(objectSegments("/v1/AUTH_async-images/12345678/a%20b.png")).toEqual(["AUTH_async-images", "12345678", "a b.png"]);
  });
  it.each(["/v1/a", "/v2/a/b", "/v1/a/../b", "/v1/a/%2E%2E/b", "/v1/a/./b", "/v1/a//b", "/v1/a/b%2Fc", "/v1/a/b%5Cc", "/v1/a/b%00", "/v1/a/%E0%A4%A"])(
    "refuses %s",
    (path) => {
      expect(objectSegments(path)).toBeUndefined();
    },
  );
});
